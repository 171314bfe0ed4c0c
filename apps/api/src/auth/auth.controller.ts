import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { ALL_PERMISSIONS } from '../access/permissions.js';
import { CurrentActor } from './current-actor.decorator.js';
import { Public } from './public.decorator.js';
import { LoginCommand } from './login/login.command.js';
import { LogoutCommand } from './logout/logout.command.js';
import { CreatePersonalTokenCommand, RevokePersonalTokenCommand } from './tokens/personal-tokens.commands.js';
import { ListPersonalTokensQuery } from './tokens/list-personal-tokens.query.js';
import { SessionDto } from './sessions/sessions.dto.js';
import { EndMySessionCommand, ListMySessionsQuery } from './sessions/sessions.handlers.js';
import {
  CreatePersonalTokenDto,
  LoginDto,
  LoginResponseDto,
  MeDto,
  PersonalTokenCreatedDto,
  PersonalTokenDto,
} from './auth.dto.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly access: AccessPolicy,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with e-mail and password; returns a bearer token' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({
    description: 'BAD_CREDENTIALS: wrong e-mail or password (the same answer for both)',
  })
  @ApiConflictResponse({
    description:
      'ACCOUNT_CHOICE_REQUIRED: this address and password open several log-ins (one per organisation that created ' +
      'one); `accounts` lists them with their organisations: send again with `userId`',
  })
  @ApiForbiddenResponse({ description: 'PASSWORD_LOGIN_OFF: this installation has PASSWORD_LOGIN=off' })
  @ApiTooManyRequestsResponse({
    description:
      'LOGIN_THROTTLED: more than five wrong passwords in a row for this address; `retryAfterSeconds` and the ' +
      'Retry-After header say when to try again (30 s, doubling, at most 15 minutes)',
  })
  login(@Body() body: LoginDto): Promise<LoginResponseDto> {
    return this.commands.execute(new LoginCommand(body.email, body.password, body.userId));
  }

  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the token this request carries' })
  async logout(@CurrentActor() actor: Actor): Promise<void> {
    await this.commands.execute(new LogoutCommand(actor.tokenId));
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'Who I am, and what I may do in each organisation' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentActor() actor: Actor): MeDto {
    return {
      userId: actor.userId,
      personId: actor.personId,
      name: actor.name,
      email: actor.email,
      centralAdmin: actor.centralAdmin,
      organisations: [...actor.roles.entries()].map(([organisationId, roles]) => ({
        organisationId,
        roles: [...roles],
        permissions: ALL_PERMISSIONS.filter((p) => this.access.can(actor, p, organisationId)),
      })),
    };
  }

  @ApiBearerAuth()
  @Post('tokens')
  @ApiOperation({ summary: 'Create a personal API token for scripts (shown once)' })
  @ApiOkResponse({ type: PersonalTokenCreatedDto })
  createToken(
    @CurrentActor() actor: Actor,
    @Body() body: CreatePersonalTokenDto,
  ): Promise<PersonalTokenCreatedDto> {
    return this.commands.execute(
      new CreatePersonalTokenCommand(actor, body.name, body.expiresInDays ?? null),
    );
  }

  @ApiBearerAuth()
  @Get('tokens')
  @ApiOperation({ summary: 'My personal API tokens that still work' })
  @ApiOkResponse({ type: [PersonalTokenDto] })
  listTokens(@CurrentActor() actor: Actor): Promise<PersonalTokenDto[]> {
    return this.queries.execute(new ListPersonalTokensQuery(actor));
  }

  @ApiBearerAuth()
  @Delete('tokens/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of my personal API tokens' })
  async revokeToken(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.commands.execute(new RevokePersonalTokenCommand(actor, id));
  }

  @ApiBearerAuth()
  @Get('sessions')
  @ApiOperation({ summary: 'My open sessions: when each was opened, and where and when it was last used' })
  @ApiOkResponse({ type: [SessionDto] })
  listSessions(@CurrentActor() actor: Actor): Promise<SessionDto[]> {
    return this.queries.execute(new ListMySessionsQuery(actor));
  }

  @ApiBearerAuth()
  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'End one of my sessions (this one too: that is a log-out)' })
  async endSession(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.commands.execute(new EndMySessionCommand(actor, id));
  }
}
