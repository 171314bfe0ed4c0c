import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { LabelsModule } from '../labels/labels.module.js';
import { CalendarFeedController } from './calendar-feed.controller.js';
import { CalendarFeedLinks } from './calendar-feed-links.js';
import { GetCalendarFeedHandler } from './get-calendar-feed.query.js';
import { PublicCalendarController } from './public-calendar.controller.js';
import { RenderCalendarHandler } from './render-calendar.query.js';
import { RotateCalendarFeedHandler } from './rotate-calendar-feed/rotate-calendar-feed.handler.js';

/** Each organisation's certificate expiries as an ICS feed behind a derived secret URL. */
@Module({
  imports: [CertificatesModule, LabelsModule],
  controllers: [CalendarFeedController, PublicCalendarController],
  providers: [CalendarFeedLinks, GetCalendarFeedHandler, RotateCalendarFeedHandler, RenderCalendarHandler],
})
export class CalendarModule {}
