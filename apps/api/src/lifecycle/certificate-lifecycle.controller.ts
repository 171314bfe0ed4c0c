import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
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
import { CertificateDto } from '../certificates/certificate.dto.js';
import {
  PasswordChangeDto,
  ReassignManagerDto,
  RecordPasswordChangeDto,
  RenewalCaseDto,
  RevocationDto,
  RevokeCertificateDto,
  StartRenewalDto,
} from './lifecycle.dto.js';
import { ReassignManagerCommand } from './reassign-manager/reassign-manager.command.js';
import { RecordPasswordChangeCommand } from './record-password-change/record-password-change.command.js';
import { RevokeCertificateCommand } from './revoke-certificate/revoke-certificate.command.js';
import { StartRenewalCommand } from './start-renewal/start-renewal.command.js';

/** What happens to one certificate over its life: renewal, revocation, password changes, its manager. */
@ApiTags('lifecycle')
@ApiBearerAuth()
@Controller('api/v1/certificates/:id')
export class CertificateLifecycleController {
  constructor(private readonly commands: CommandBus) {}

  @Post('renewals')
  @ApiOperation({
    summary: 'Start a renewal: phase 1 was sent with the eHealth tool',
    description:
      'Only an active certificate in its renewable window (from 90 days before it expires); one open renewal per certificate.',
  })
  @ApiCreatedResponse({ type: RenewalCaseDto })
  @ApiConflictResponse({ description: 'RENEWAL_ALREADY_OPEN, CERTIFICATE_REVOKED, CERTIFICATE_SUPERSEDED' })
  @ApiUnprocessableEntityResponse({
    description: 'NOT_RENEWABLE_YET (with details.renewableFrom), CERTIFICATE_EXPIRED',
  })
  startRenewal(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: StartRenewalDto,
  ): Promise<RenewalCaseDto> {
    return this.commands.execute(new StartRenewalCommand(actor, id, body));
  }

  @Post('revoke')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record that the certificate was revoked',
    description:
      'Abandons its open renewal and (unless openNewRequest is false) opens a new request for the replacement.',
  })
  @ApiOkResponse({ type: RevocationDto })
  @ApiConflictResponse({ description: 'ALREADY_REVOKED' })
  @ApiUnprocessableEntityResponse({ description: 'DATE_IN_FUTURE, NO_EHEALTH_IDENTIFIER' })
  revoke(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RevokeCertificateDto,
  ): Promise<RevocationDto> {
    return this.commands.execute(new RevokeCertificateCommand(actor, id, body));
  }

  @Post('password-changes')
  @ApiOperation({
    summary: "Record that the keystore's password was changed (never the password)",
    description: 'The custodian, when given, becomes the person who knows the password.',
  })
  @ApiCreatedResponse({ type: PasswordChangeDto })
  @ApiConflictResponse({ description: 'CERTIFICATE_REVOKED' })
  @ApiUnprocessableEntityResponse({ description: 'DATE_IN_FUTURE, NOT_A_MEMBER, PERSON_HAS_LEFT' })
  recordPasswordChange(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RecordPasswordChangeDto,
  ): Promise<PasswordChangeDto> {
    return this.commands.execute(new RecordPasswordChangeCommand(actor, id, body));
  }

  @Put('manager')
  @ApiOperation({
    summary: 'Designate a new certificate manager (organisation administrators)',
    description: 'The new manager must be a person of the organisation who still works there.',
  })
  @ApiOkResponse({ type: CertificateDto })
  @ApiUnprocessableEntityResponse({ description: 'NOT_A_MEMBER, PERSON_HAS_LEFT' })
  reassignManager(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReassignManagerDto,
  ): Promise<CertificateDto> {
    return this.commands.execute(new ReassignManagerCommand(actor, id, body));
  }
}
