import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ORGANISATION_ROLES } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { CreatePersonCommand, UpdatePersonCommand } from './people.commands.js';
import { CreatePersonDto, PersonDto, UpdatePersonDto } from './people.dto.js';
import { GetPersonQuery, ListPeopleQuery } from './people.queries.js';
import { ParseEnumPipe } from '@nestjs/common';

@ApiTags('people')
@ApiBearerAuth()
@Controller('api/v1/people')
export class PeopleController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Add a person (certificate manager, access manager, password custodian) to organisations',
  })
  @ApiOkResponse({ type: PersonDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreatePersonDto): Promise<PersonDto> {
    return this.commands.execute(new CreatePersonCommand(actor, body));
  }

  @Get()
  @ApiQuery({ name: 'organisationId', required: false })
  @ApiQuery({ name: 'role', required: false, enum: ORGANISATION_ROLES })
  @ApiOkResponse({ type: [PersonDto] })
  list(
    @CurrentActor() actor: Actor,
    @Query('organisationId', new ParseUUIDPipe({ optional: true })) organisationId?: string,
    @Query(
      'role',
      new ParseEnumPipe(Object.fromEntries(ORGANISATION_ROLES.map((r) => [r, r])), { optional: true }),
    )
    role?: string,
  ): Promise<PersonDto[]> {
    return this.queries.execute(new ListPeopleQuery(actor, { organisationId, role }));
  }

  @Get(':id')
  @ApiOkResponse({ type: PersonDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<PersonDto> {
    return this.queries.execute(new GetPersonQuery(actor, id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: PersonDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdatePersonDto,
  ): Promise<PersonDto> {
    return this.commands.execute(new UpdatePersonCommand(actor, id, body));
  }
}
