import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { CustodyAttestationDto, RecordCustodyAttestationDto } from './custody-attestation.dto.js';
import { ListCustodyAttestationsQuery } from './list-custody-attestations/list-custody-attestations.query.js';
import { RecordCustodyAttestationCommand } from './record-custody-attestation/record-custody-attestation.command.js';

@ApiTags('password custody')
@ApiBearerAuth()
@Controller('api/v1/certificates/:id/custody-attestations')
export class CustodyAttestationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: "Record the password custodian's check that the keystore still opens",
    description:
      "The card-bridge on the custodian's PC opened (or failed to open) the keystore with the password typed there; " +
      'this records its answer as it is: the outcome, when, and public fingerprints. Failed attempts are recorded too: ' +
      'they make the readiness condition CUSTODIAN_ATTESTED_RECENTLY unmet.',
  })
  @ApiCreatedResponse({ type: CustodyAttestationDto })
  @ApiForbiddenResponse({ description: 'NOT_PASSWORD_CUSTODIAN: only the named password custodian attests' })
  @ApiNotFoundResponse({ description: "No such certificate, or another organisation's" })
  @ApiConflictResponse({ description: 'CERTIFICATE_NOT_ACTIVE: superseded or revoked' })
  @ApiUnprocessableEntityResponse({
    description:
      'DIFFERENT_KEYSTORE (an "opened" keystore without this certificate), CHECKED_AT_IN_FUTURE, CHECKED_AT_TOO_OLD, ' +
      'FAILURE_WITHOUT_FAILED_OUTCOME',
  })
  record(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) certificateId: string,
    @Body() body: RecordCustodyAttestationDto,
  ): Promise<CustodyAttestationDto> {
    return this.commands.execute(new RecordCustodyAttestationCommand(actor, certificateId, body));
  }

  @Get()
  @ApiOperation({
    summary: "The certificate's custody checks, newest first (who, when, outcome, fingerprints)",
  })
  @ApiOkResponse({ type: [CustodyAttestationDto] })
  list(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) certificateId: string,
  ): Promise<CustodyAttestationDto[]> {
    return this.queries.execute(new ListCustodyAttestationsQuery(actor, certificateId));
  }
}
