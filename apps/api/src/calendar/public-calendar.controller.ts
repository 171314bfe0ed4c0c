import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator.js';
import { calendarValidator } from './calendar-ics.js';
import { RenderCalendarQuery } from './render-calendar.query.js';

@ApiTags('calendar')
@Controller('calendar')
export class PublicCalendarController {
  constructor(private readonly queries: QueryBus) {}

  @Public()
  @Get(':organisationId/:token.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, no-cache')
  @Header('Referrer-Policy', 'no-referrer')
  @ApiOperation({
    summary:
      "An organisation's certificate expiries as an iCalendar feed (no log-in: the URL's token is the key)",
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'RFC 5545 iCalendar, with a weak ETag' })
  @ApiResponse({
    status: 304,
    description: 'Not modified: If-None-Match holds the ETag of the feed as it is',
  })
  @ApiNotFoundResponse({ description: 'Unknown organisation, or a wrong or rotated token' })
  async feed(
    @Param('organisationId') organisationId: string,
    @Param('token') token: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    return withValidator(
      response,
      await this.queries.execute(new RenderCalendarQuery(organisationId, token)),
    );
  }

  @Public()
  @Get(':organisationId/labels/:labelId/:token.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, no-cache')
  @Header('Referrer-Policy', 'no-referrer')
  @ApiOperation({
    summary: "One label's certificate expiries as an iCalendar feed (no log-in: the URL's token is the key)",
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'RFC 5545 iCalendar, with a weak ETag' })
  @ApiResponse({
    status: 304,
    description: 'Not modified: If-None-Match holds the ETag of the feed as it is',
  })
  @ApiNotFoundResponse({ description: 'Unknown organisation or label, or a wrong or rotated token' })
  async labelFeed(
    @Param('organisationId') organisationId: string,
    @Param('labelId') labelId: string,
    @Param('token') token: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    return withValidator(
      response,
      await this.queries.execute(new RenderCalendarQuery(organisationId, token, labelId)),
    );
  }
}

/** The feed with its ETag: express answers 304 instead when the request's If-None-Match holds it. */
function withValidator(response: Response, calendar: string): string {
  response.setHeader('ETag', calendarValidator(calendar));
  return calendar;
}
