import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { CreateOrganisationCommand } from './create-organisation/create-organisation.command.js';
import {
  GetOrganisationQuery,
  ListOrganisationNamesQuery,
  ListOrganisationsQuery,
} from './organisations.queries.js';
import {
  CreateOrganisationDto,
  ListOrganisationsQueryDto,
  OrganisationDto,
  OrganisationNameDto,
  UpdateOrganisationDto,
} from './organisations.dto.js';
import { UpdateOrganisationCommand } from './update-organisation/update-organisation.command.js';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api/v1/organisations')
export class OrganisationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an organisation (central administrators)' })
  @ApiOkResponse({ type: OrganisationDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateOrganisationDto): Promise<OrganisationDto> {
    return this.commands.execute(new CreateOrganisationCommand(actor, body));
  }

  @Get()
  @ApiOperation({
    summary: 'The organisations I can see, by name: every one, or a page of them',
    description:
      'With `limit`, a page: ask for the next with `after` = the last id of this one, until a page comes back ' +
      'shorter than `limit` (or empty). `q` searches the name and the identifiers.',
  })
  @ApiOkResponse({ type: [OrganisationDto] })
  list(@CurrentActor() actor: Actor, @Query() query: ListOrganisationsQueryDto): Promise<OrganisationDto[]> {
    return this.queries.execute(new ListOrganisationsQuery(actor, query));
  }

  @Get('names')
  @ApiOperation({
    summary: 'The organisations I can see, by name: id and name alone',
    description:
      'For lists and choices of organisations: a few dozen bytes an organisation, where the full list carries ' +
      "each one's identifiers, contacts and settings.",
  })
  @ApiOkResponse({ type: [OrganisationNameDto] })
  names(@CurrentActor() actor: Actor): Promise<OrganisationNameDto[]> {
    return this.queries.execute(new ListOrganisationNamesQuery(actor));
  }

  @Get(':id')
  @ApiOkResponse({ type: OrganisationDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<OrganisationDto> {
    return this.queries.execute(new GetOrganisationQuery(actor, id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: "Change an organisation's name, identifiers, languages, contacts or reminder milestones",
  })
  @ApiOkResponse({ type: OrganisationDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateOrganisationDto,
  ): Promise<OrganisationDto> {
    return this.commands.execute(new UpdateOrganisationCommand(actor, id, body));
  }
}
