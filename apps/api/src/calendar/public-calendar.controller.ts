import { applyDecorators, Controller, Get, Header, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { calendarValidator } from './calendar-ics.js';
import { RenderCalendarQuery } from './render-calendar.query.js';

/**
 * One public feed: iCalendar, kept by calendar programs only as long as they revalidate it, never sending the feed's
 * URL (its token) on as a referrer, answered 304 when If-None-Match holds its ETag.
 */
function CalendarFeed(path: string, summary: string, notFound: string) {
  return applyDecorators(
    Public(),
    Get(path),
    Header('Content-Type', 'text/calendar; charset=utf-8'),
    Header('Cache-Control', 'private, no-cache'),
    Header('Referrer-Policy', 'no-referrer'),
    ApiOperation({ summary }),
    ApiProduces('text/calendar'),
    ApiOkResponse({ schema: { type: 'string' }, description: 'RFC 5545 iCalendar, with a weak ETag' }),
    ApiResponse({
      status: 304,
      description: 'Not modified: If-None-Match holds the ETag of the feed as it is',
    }),
    ApiNotFoundResponse({ description: notFound }),
  );
}

@ApiTags('calendar')
@Controller('calendar')
export class PublicCalendarController {
  constructor(private readonly queries: QueryBus) {}

  @CalendarFeed(
    ':organisationId/:token.ics',
    "An organisation's certificate expiries as an iCalendar feed (no log-in: the URL's token is the key)",
    'Unknown organisation, or a wrong or rotated token',
  )
  async feed(
    @Param('organisationId') organisationId: string,
    @Param('token') token: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<string> {
    const calendar = await this.queries.execute(new RenderCalendarQuery(organisationId, token));
    return withValidator(request, response, calendar);
  }

  @CalendarFeed(
    ':organisationId/labels/:labelId/:token.ics',
    "One label's certificate expiries as an iCalendar feed (no log-in: the URL's token is the key)",
    'Unknown organisation or label, or a wrong or rotated token',
  )
  async labelFeed(
    @Param('organisationId') organisationId: string,
    @Param('labelId') labelId: string,
    @Param('token') token: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<string> {
    const calendar = await this.queries.execute(new RenderCalendarQuery(organisationId, token, labelId));
    return withValidator(request, response, calendar);
  }
}

/** The feed with its ETag, or 304 and no body when the request's If-None-Match holds that ETag (RFC 9110 13.1.2). */
function withValidator(request: FastifyRequest, response: FastifyReply, calendar: string): string {
  const etag = calendarValidator(calendar);
  response.header('ETag', etag);
  if (ifNoneMatchHolds(request.headers['if-none-match'], etag)) {
    response.status(304);
    return '';
  }
  return calendar;
}

/** If-None-Match compares weakly: `*`, or any listed tag whose opaque part equals the ETag's, W/ or not. */
function ifNoneMatchHolds(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}
