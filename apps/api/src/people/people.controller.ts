import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { CreatePersonCommand, UpdatePersonCommand } from './people.commands.js';
import { CreatePersonDto, ListPeopleQueryDto, PersonDto, UpdatePersonDto } from './people.dto.js';
import { GetPersonQuery, ListPeopleQuery } from './people.queries.js';

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
  @ApiOperation({
    summary: 'The people I can see, by name: every one, or a page of them',
    description:
      "The people of my organisations (a central administrator's: every person, those of no organisation too, " +
      'unless `organisationId` or `role` narrows it). With `limit`, a page: ask for the next with `after` = the ' +
      'last id of this one, until a page comes back shorter than `limit`.',
  })
  @ApiOkResponse({ type: [PersonDto] })
  list(@CurrentActor() actor: Actor, @Query() query: ListPeopleQueryDto): Promise<PersonDto[]> {
    const { organisationId, role, q, limit, after } = query;
    return this.queries.execute(new ListPeopleQuery(actor, { organisationId, role }, { q, limit, after }));
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
