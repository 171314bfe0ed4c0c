import { Controller, Delete, HttpCode, Param, ParseUUIDPipe } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../../access/actor.js';
import { CurrentActor } from '../current-actor.decorator.js';
import { EndedSessionsDto } from './sessions.dto.js';
import { EndUserSessionsCommand } from './sessions.handlers.js';

/** An administrator ends a log-in's sessions (a lost laptop, a departure before the log-in is disabled). */
@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users/:id/sessions')
export class UserSessionsController {
  constructor(private readonly commands: CommandBus) {}

  @Delete()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'End every open session of a user (their personal API tokens stay); audited as user.sessions-ended',
  })
  @ApiOkResponse({ type: EndedSessionsDto })
  @ApiNotFoundResponse({ description: "NOT_FOUND: no such user, or another tenant's" })
  @ApiForbiddenResponse({
    description: 'USER_SHARED: the user also has roles in organisations the caller does not administer',
  })
  end(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<EndedSessionsDto> {
    return this.commands.execute(new EndUserSessionsCommand(actor, id));
  }
}
