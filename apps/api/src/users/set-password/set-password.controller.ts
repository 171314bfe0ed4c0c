import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../../access/actor.js';
import { CurrentActor } from '../../auth/current-actor.decorator.js';
import { Public } from '../../auth/public.decorator.js';
import {
  CheckSetPasswordLinkQuery,
  SendSetPasswordLinkCommand,
  SetPasswordWithLinkCommand,
} from './set-password.commands.js';
import {
  SetPasswordDto,
  SetPasswordLinkDto,
  SetPasswordLinkSentDto,
  SetPasswordLinkTokenDto,
} from './set-password.dto.js';

const UNUSABLE_LINK =
  'SET_PASSWORD_LINK_INVALID (unknown, forged, or its log-in disabled), SET_PASSWORD_LINK_USED, ' +
  'SET_PASSWORD_LINK_REPLACED (a newer link was sent, or the password reset), SET_PASSWORD_LINK_EXPIRED';

@ApiTags('users')
@Controller('api/v1')
export class SetPasswordController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @ApiBearerAuth()
  @Post('users/:id/set-password-link')
  @ApiOperation({
    summary:
      'Mail the user a one-time link to choose their password (valid 72 hours; an older link stops working)',
  })
  @ApiCreatedResponse({ type: SetPasswordLinkSentDto })
  @ApiForbiddenResponse({
    description: 'USER_SHARED: the user also has roles in organisations you do not administer',
  })
  @ApiConflictResponse({
    description: 'USER_DISABLED; PASSWORD_LOGIN_OFF: PASSWORD_LOGIN=off, a password would open no session',
  })
  sendLink(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<SetPasswordLinkSentDto> {
    return this.commands.execute(new SendSetPasswordLinkCommand(actor, id));
  }

  @Public()
  @Post('auth/set-password/check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Which log-in a set-password link is for, or why it no longer works' })
  @ApiOkResponse({ type: SetPasswordLinkDto })
  @ApiUnprocessableEntityResponse({ description: UNUSABLE_LINK })
  check(@Body() body: SetPasswordLinkTokenDto): Promise<SetPasswordLinkDto> {
    return this.queries.execute(new CheckSetPasswordLinkQuery(body.token));
  }

  @Public()
  @Post('auth/set-password')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Choose your password with a set-password link (once); your open sessions end',
  })
  @ApiNoContentResponse({ description: 'The password is set: log in with it' })
  @ApiUnprocessableEntityResponse({ description: UNUSABLE_LINK })
  async setPassword(@Body() body: SetPasswordDto): Promise<void> {
    await this.commands.execute(new SetPasswordWithLinkCommand(body.token, body.password));
  }
}
