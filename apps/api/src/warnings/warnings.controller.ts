import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { ListWarningGroupsQuery } from './list-warning-groups.query.js';
import { ListWarningsQuery } from './list-warnings.query.js';
import {
  ListWarningGroupsQueryDto,
  WARNING_GROUP_ITEMS_DEFAULT,
  WARNING_GROUPS_PAGE_DEFAULT,
  WarningGroupPageDto,
} from './warning-group.dto.js';
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
        query.muted ?? 'include',
      ),
    );
  }

  @Get('groups')
  @ApiOperation({
    summary:
      'The same warnings grouped by organisation and code, in pages, each group naming its certificates',
    description:
      'One group per organisation and code, most severe first, then the soonest expiry; `total` counts every group. ' +
      'Each group names a page of its warnings (`items`, from `itemsOffset`), and `count` says how many it has.',
  })
  @ApiOkResponse({ type: WarningGroupPageDto })
  groups(
    @CurrentActor() actor: Actor,
    @Query() query: ListWarningGroupsQueryDto,
  ): Promise<WarningGroupPageDto> {
    return this.queries.execute(
      new ListWarningGroupsQuery(actor, query.organisationId, query.code as WarningCode[] | undefined, {
        limit: query.limit ?? WARNING_GROUPS_PAGE_DEFAULT,
        offset: query.offset ?? 0,
        items: query.items ?? WARNING_GROUP_ITEMS_DEFAULT,
        itemsOffset: query.itemsOffset ?? 0,
        muted: query.muted ?? 'include',
      }),
    );
  }
}
