import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { CreateUserCommand } from './create-user/create-user.command.js';
import { ListUsersQuery } from './list-users.query.js';
import { UpdateUserCommand } from './update-user/update-user.command.js';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserDto } from './users.dto.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary:
      'Create a user (a person who logs in) with roles per organisation; with sendSetPasswordLink, they choose their password from a mailed link',
  })
  @ApiCreatedResponse({ type: UserDto })
  @ApiUnprocessableEntityResponse({
    description: 'PASSWORD_AND_LINK: give a password or ask for a link, not both',
  })
  @ApiConflictResponse({
    description:
      'EMAIL_TAKEN; PASSWORD_LOGIN_OFF: sendSetPasswordLink on an installation with PASSWORD_LOGIN=off (nobody is created)',
  })
  create(@CurrentActor() actor: Actor, @Body() body: CreateUserDto): Promise<UserDto> {
    return this.commands.execute(
      new CreateUserCommand(actor, {
        ...body,
        roles: body.roles.map((r) => ({ role: r.role, organisationId: r.organisationId ?? null })),
      }),
    );
  }

  @Get()
  @ApiOperation({ summary: 'The users I administer' })
  @ApiOkResponse({ type: [UserDto] })
  list(@CurrentActor() actor: Actor, @Query() query: ListUsersQueryDto): Promise<UserDto[]> {
    return this.queries.execute(new ListUsersQuery(actor, query.organisationId, query.personId));
  }

  @Patch(':id')
  @ApiOperation({
    summary: "Change a user's roles (in organisations I administer), disable them or reset their password",
  })
  @ApiOkResponse({ type: UserDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserDto> {
    return this.commands.execute(
      new UpdateUserCommand(actor, id, {
        ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
        ...(body.password !== undefined ? { password: body.password } : {}),
        ...(body.roles
          ? { roles: body.roles.map((r) => ({ role: r.role, organisationId: r.organisationId ?? null })) }
          : {}),
      }),
    );
  }
}
