import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { ListWarningsQuery } from './list-warnings.query.js';
import { ListWarningsQueryDto, WarningDto } from './warning.dto.js';
import type { WarningCode } from './warnings-sql.js';

@ApiTags('warnings')
@ApiBearerAuth()
@Controller('api/v1/warnings')
export class WarningsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'What needs attention in an organisation (or every one I can see), most severe first',
  })
  @ApiOkResponse({ type: [WarningDto] })
  list(@CurrentActor() actor: Actor, @Query() query: ListWarningsQueryDto): Promise<WarningDto[]> {
    return this.queries.execute(
      new ListWarningsQuery(
        actor,
        query.organisationId,
        query.code as WarningCode[] | undefined,
        query.limit ?? 1000,
      ),
    );
  }
}
