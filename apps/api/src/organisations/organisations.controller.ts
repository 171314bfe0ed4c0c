import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { CreateOrganisationCommand } from './create-organisation/create-organisation.command.js';
import { GetOrganisationQuery, ListOrganisationsQuery } from './organisations.queries.js';
import { CreateOrganisationDto, OrganisationDto, UpdateOrganisationDto } from './organisations.dto.js';
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
  @ApiOperation({ summary: 'The organisations I can see' })
  @ApiOkResponse({ type: [OrganisationDto] })
  list(@CurrentActor() actor: Actor): Promise<OrganisationDto[]> {
    return this.queries.execute(new ListOrganisationsQuery(actor));
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
