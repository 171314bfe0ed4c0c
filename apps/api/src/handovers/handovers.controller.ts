import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { EidDigestSignatureBodyDto } from '../eid/eid.dto.js';
import { CancelHandoverCommand } from './cancel-handover/cancel-handover.command.js';
import { CancelHandoverDto, HandoverDto, ListHandoversQueryDto, OpenHandoverDto } from './handover.dto.js';
import { GetHandoverQuery, ListHandoversQuery } from './handovers.queries.js';
import { OpenHandoverCommand } from './open-handover/open-handover.command.js';
import { SignHandoverCommand } from './sign-handover/sign-handover.command.js';

/** The certificate-manager handover, signed by both managers with their eID (docs/api.md). */
@ApiTags('handovers')
@ApiBearerAuth()
@Controller('api/v1/handovers')
export class HandoversController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary:
      'Open a handover from one certificate manager to another (organisation administrators, or the outgoing manager)',
    description:
      'Renders the handover document (canonical JSON and text) and its SHA-256 and SHA-384 digests, for the outgoing ' +
      'manager (or the access manager signing instead) and then the incoming manager to sign with their eID.',
  })
  @ApiCreatedResponse({ type: HandoverDto })
  @ApiConflictResponse({ description: 'HANDOVER_ALREADY_OPEN' })
  @ApiUnprocessableEntityResponse({
    description:
      'SAME_PERSON, NOT_A_MEMBER, PERSON_HAS_LEFT, SIGNER_HAS_NO_SSIN, NOT_AN_ACCESS_MANAGER, SIGNER_IS_A_MANAGER, ' +
      'NOT_THE_OUTGOING_MANAGERS, NOTHING_TO_HAND_OVER, NOT_IN_HANDOVER',
  })
  open(@CurrentActor() actor: Actor, @Body() body: OpenHandoverDto): Promise<HandoverDto> {
    return this.commands.execute(new OpenHandoverCommand(actor, body));
  }

  @Get()
  @ApiOperation({
    summary: "The handovers of the caller's organisations, most recently opened first",
    description:
      'With `limit`, a page: ask for the next with `after` = the last id of this one, until a page comes back ' +
      'shorter than `limit` (or empty). Without `limit`, every one at once.',
  })
  @ApiOkResponse({ type: [HandoverDto] })
  list(@CurrentActor() actor: Actor, @Query() query: ListHandoversQueryDto): Promise<HandoverDto[]> {
    const { organisationId, state, limit, after } = query;
    return this.queries.execute(new ListHandoversQuery(actor, { organisationId, state }, { limit, after }));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'The handover: its document and digests, the signatures given, who still has to sign',
  })
  @ApiOkResponse({ type: HandoverDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<HandoverDto> {
    return this.queries.execute(new GetHandoverQuery(actor, id));
  }

  @Post(':id/signatures')
  @HttpCode(200)
  @ApiOperation({
    summary: "Give my eID signature over the handover document (the card-bridge's sign answer)",
    description:
      'The outgoing side signs first, then the incoming manager. Verified against the stored document, the eID trust ' +
      "anchors, the Signature key usage, validity, and the signer's SSIN. The second signature completes the handover: " +
      'the certificates are reassigned in the same transaction.',
  })
  @ApiOkResponse({ type: HandoverDto })
  @ApiForbiddenResponse({ description: 'NOT_A_DESIGNATED_SIGNER' })
  @ApiConflictResponse({
    description:
      'HANDOVER_CLOSED, HANDOVER_EXPIRED, HANDOVER_ALREADY_SIGNED, HANDOVER_AWAITING_OUTGOING_SIGNATURE, HANDOVER_OUTDATED',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'HANDOVER_DOCUMENT_MISMATCH, HANDOVER_SIGNATURE_REPLAYED, HANDOVER_WRONG_SIGNER, EID_SIGNATURE_INVALID, ' +
      'EID_CHAIN_UNTRUSTED, EID_CERTIFICATE_EXPIRED, EID_WRONG_KEY_USAGE, EID_CERTIFICATE_UNREADABLE, EID_NO_SSIN, ' +
      'EID_NOT_CONFIGURED, PERSON_HAS_LEFT',
  })
  sign(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: EidDigestSignatureBodyDto,
  ): Promise<HandoverDto> {
    return this.commands.execute(new SignHandoverCommand(actor, id, body));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a handover awaiting signatures' })
  @ApiOkResponse({ type: HandoverDto })
  @ApiConflictResponse({ description: 'HANDOVER_CLOSED' })
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CancelHandoverDto,
  ): Promise<HandoverDto> {
    return this.commands.execute(new CancelHandoverCommand(actor, id, body.reason));
  }
}
