import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { CalendarFeedDto } from '../calendar-feed.dto.js';

/** A new secret URL for the organisation's calendar feed; the old one answers 404 from now on. */
export class RotateCalendarFeedCommand extends Command<CalendarFeedDto> {
  constructor(
    readonly actor: Actor,
    readonly organisationId: string,
  ) {
    super();
  }
}
