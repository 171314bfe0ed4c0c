import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { CalendarFeedDto, CalendarFeedQueryDto } from './calendar-feed.dto.js';
import { GetCalendarFeedQuery } from './get-calendar-feed.query.js';
import { RotateCalendarFeedCommand } from './rotate-calendar-feed/rotate-calendar-feed.command.js';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('api/v1/organisations/:id/calendar-feed')
export class CalendarFeedController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({
    summary: "The secret URL of the organisation's expiry calendar (ICS), or of one label's, for its members",
    description:
      "A label's feed shows that label's certificates only; rotating the organisation's feed ends it too.",
  })
  @ApiOkResponse({ type: CalendarFeedDto })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: CalendarFeedQueryDto,
  ): Promise<CalendarFeedDto> {
    return this.queries.execute(new GetCalendarFeedQuery(actor, id, query.label));
  }

  @Post('rotate')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new secret URL; the old one stops working (organisation administrators)' })
  @ApiOkResponse({ type: CalendarFeedDto })
  rotate(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CalendarFeedDto> {
    return this.commands.execute(new RotateCalendarFeedCommand(actor, id));
  }
}
