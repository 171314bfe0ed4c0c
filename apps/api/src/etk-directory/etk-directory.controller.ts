import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { DiscoverEtksCommand } from './discover-etks.command.js';
import { EtkDirectoryDto, EtkDiscoveryResultDto, ListEtksQueryDto } from './etk-directory.dto.js';
import { ListEtksQuery } from './list-etks.query.js';

@ApiTags('etk-directory')
@ApiBearerAuth()
@Controller('api/v1/organisations/:id')
export class EtkDirectoryController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('etk-discovery')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Search the eHealth ETK directory now, for each of the organisation’s identifiers in the environments it uses ' +
      '(organisation and central administrators); 409 DEPOT_DISABLED with ETK_DEPOT=off, 503 DEPOT_UNREACHABLE, ' +
      '502 DEPOT_ERROR',
  })
  @ApiOkResponse({ type: EtkDiscoveryResultDto })
  discover(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<EtkDiscoveryResultDto> {
    return this.commands.execute(new DiscoverEtksCommand(actor, id));
  }

  @Get('etks')
  @ApiOperation({
    summary: 'What the eHealth ETK directory publishes for the organisation, as its discoveries saw it',
  })
  @ApiOkResponse({ type: EtkDirectoryDto })
  list(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ListEtksQueryDto,
  ): Promise<EtkDirectoryDto> {
    return this.queries.execute(
      new ListEtksQuery(actor, id, {
        ...(query.certificateId ? { certificateId: query.certificateId } : {}),
        includeWithdrawn: query.includeWithdrawn ?? false,
      }),
    );
  }
}
