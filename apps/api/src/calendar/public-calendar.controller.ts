import { Controller, Get, Header, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
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
  @ApiOkResponse({ schema: { type: 'string' }, description: 'RFC 5545 iCalendar' })
  @ApiNotFoundResponse({ description: 'Unknown organisation, or a wrong or rotated token' })
  feed(@Param('organisationId') organisationId: string, @Param('token') token: string): Promise<string> {
    return this.queries.execute(new RenderCalendarQuery(organisationId, token));
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
  @ApiOkResponse({ schema: { type: 'string' }, description: 'RFC 5545 iCalendar' })
  @ApiNotFoundResponse({ description: 'Unknown organisation or label, or a wrong or rotated token' })
  labelFeed(
    @Param('organisationId') organisationId: string,
    @Param('labelId') labelId: string,
    @Param('token') token: string,
  ): Promise<string> {
    return this.queries.execute(new RenderCalendarQuery(organisationId, token, labelId));
  }
}
