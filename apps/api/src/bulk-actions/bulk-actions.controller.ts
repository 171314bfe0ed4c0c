import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { BulkActionCommand } from './bulk-action.command.js';
import { BulkActionDto, BulkResultDto } from './bulk-action.dto.js';

@ApiTags('certificates')
@ApiBearerAuth()
@Controller('api/v1/certificates/bulk')
export class BulkActionsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'One action on a selection of certificates (at most 1000): all of them change or none',
    description:
      'assign-manager (organisation administrators), add-label, remove-label, set-keystore-location, mute. Each ' +
      'certificate changed gets its own audit event, as if changed on its own.',
  })
  @ApiOkResponse({ type: BulkResultDto })
  @ApiBadRequestResponse({ description: 'More than 1000 ids, an id twice, not a uuid, a missing field' })
  @ApiNotFoundResponse({
    description: "One of the certificates is unknown or another tenant's: nothing changed",
  })
  @ApiForbiddenResponse({ description: 'My role does not allow the action in one of their organisations' })
  @ApiConflictResponse({
    description: 'mute: CERTIFICATE_REVOKED, CERTIFICATE_RENEWED (one of them): nothing changed',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'NOT_A_MEMBER / PERSON_HAS_LEFT (the manager), INVALID_LABEL, TOO_MANY_LABELS, KEYSTORE_UNKNOWN, ' +
      "the mute's refusals: nothing changed",
  })
  run(@CurrentActor() actor: Actor, @Body() body: BulkActionDto): Promise<BulkResultDto> {
    return this.commands.execute(new BulkActionCommand(actor, body));
  }
}
