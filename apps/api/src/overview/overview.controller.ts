import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { GetOverviewQuery } from './get-overview.query.js';
import { OverviewDto, OverviewQueryDto } from './overview.dto.js';

@ApiTags('overview')
@ApiBearerAuth()
@Controller('api/v1/overview')
export class OverviewController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary:
      'The dashboard summary: certificates by status, expiries per month, organisations at risk, renewals',
  })
  @ApiOkResponse({ type: OverviewDto })
  get(@CurrentActor() actor: Actor, @Query() query: OverviewQueryDto): Promise<OverviewDto> {
    return this.queries.execute(new GetOverviewQuery(actor, query.organisationId));
  }
}
