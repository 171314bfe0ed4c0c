import { ForbiddenException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { brusselsDate } from '@certdesk/domain';
import {
  type HandoverEntity,
  HandoverSignatureEntity,
  type HandoverSignatureRole,
  PersonEntity,
} from '@certdesk/persistence';
import type { Actor } from '../../access/actor.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { ConflictError, UnprocessableError } from '../../common/errors.js';
import { Clock } from '../../core/clock.js';
import { EidCertificatesSeen } from '../../eid/eid-certificates-seen.js';
import { HANDOVER_ACTIONS } from '../handover-actions.js';
import type { HandoverDto } from '../handover.dto.js';
import { HandoverLoader } from '../handover-loader.js';
import { HandoverView } from '../handover-view.js';
import { HandoverCompletion, signatureRecord } from './handover-completion.js';
import { HandoverSignatureCheck, sha256Hex } from './handover-signature-check.js';
import { SignHandoverCommand } from './sign-handover.command.js';

const ROLE_NAMES: Record<HandoverSignatureRole, string> = {
  outgoing: 'the outgoing side',
  incoming: 'the incoming manager',
};

@CommandHandler(SignHandoverCommand)
export class SignHandoverHandler implements ICommandHandler<SignHandoverCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly handovers: HandoverLoader,
    private readonly check: HandoverSignatureCheck,
    private readonly completion: HandoverCompletion,
    private readonly audit: AuditTrail,
    private readonly view: HandoverView,
    private readonly clock: Clock,
    private readonly eidsSeen: EidCertificatesSeen,
  ) {}

  async execute({ actor, handoverId, signature: input }: SignHandoverCommand): Promise<HandoverDto> {
    return this.db.transaction(async (manager) => {
      const handover = await this.handovers.load(manager, actor, handoverId, 'handover.read', {
        forUpdate: true,
      });
      const now = this.clock.now();
      refuseClosed(handover, now);
      const role = signingRole(handover, actor);

      const signatures = manager.getRepository(HandoverSignatureEntity);
      if (await signatures.existsBy({ signatureSha256: sha256Hex(Buffer.from(input.signature, 'base64')) })) {
        throw new UnprocessableError(
          'HANDOVER_SIGNATURE_REPLAYED',
          'This signature was given already: each signature counts once. Sign again with the card.',
        );
      }
      const given = await signatures.findBy({ handoverId });
      if (given.some((s) => s.role === role)) {
        throw new ConflictError(
          'HANDOVER_ALREADY_SIGNED',
          `${capitalise(ROLE_NAMES[role])} has signed already.`,
        );
      }
      if (role === 'incoming' && !given.some((s) => s.role === 'outgoing')) {
        throw new ConflictError(
          'HANDOVER_AWAITING_OUTGOING_SIGNATURE',
          'The incoming manager countersigns once the outgoing side has signed.',
        );
      }

      const signerId = role === 'outgoing' ? handover.outgoingSignerId : handover.toPersonId;
      const signer = await manager.getRepository(PersonEntity).findOneByOrFail({ id: signerId });
      const verified = await this.check.verify(handover.document, input, signer, now);
      const inserted = await signatures.insert({
        handoverId,
        role,
        signerPersonId: signer.id,
        digestAlgorithm: input.digestAlgorithm,
        signatureAlgorithm: input.signatureAlgorithm,
        signature: verified.signature,
        signatureSha256: verified.signatureSha256,
        certificateDer: verified.certificateDer,
        certificateSha256: verified.certificateSha256,
        signedAt: now,
        submittedById: actor.userId,
      });
      const row = await signatures.findOneByOrFail({ id: String(inserted.identifiers[0]!.id) });
      await this.eidsSeen.record(manager, signer.id, verified.certificateDer, 'handover-signature', now);
      await this.audit.append(
        manager,
        actor,
        {
          action: HANDOVER_ACTIONS.signed,
          organisationId: handover.organisationId,
          before: null,
          after: { handoverId, role, signerPersonId: signer.id, signerName: signer.name },
          signature: signatureRecord(row, signer.name),
        },
        now,
      );
      if (role === 'incoming') await this.completion.complete(manager, actor, handover, now);
      return this.view.loadOne(manager, handover);
    });
  }
}

function refuseClosed(handover: HandoverEntity, now: Date): void {
  if (handover.state === 'completed') {
    throw new ConflictError(
      'HANDOVER_CLOSED',
      `This handover was completed on ${brusselsDate(handover.completedAt ?? now)}.`,
    );
  }
  if (handover.state === 'cancelled') {
    throw new ConflictError(
      'HANDOVER_CLOSED',
      `This handover was cancelled: ${handover.cancelReason ?? ''}`.trim(),
    );
  }
  if (handover.expiresAt <= now) {
    throw new ConflictError(
      'HANDOVER_EXPIRED',
      `The signatures were due by ${handover.expiresAt.toISOString()}: open a new handover, its document will show today's facts.`,
    );
  }
}

/** Only the designated signers sign, each their own part: the outgoing side first, then the incoming manager. */
function signingRole(handover: HandoverEntity, actor: Actor): HandoverSignatureRole {
  if (actor.personId === handover.outgoingSignerId) return 'outgoing';
  if (actor.personId === handover.toPersonId) return 'incoming';
  throw new ForbiddenException({
    statusCode: 403,
    code: 'NOT_A_DESIGNATED_SIGNER',
    message:
      handover.outgoingSignerRole === 'access-manager'
        ? 'Only the designated access manager and the incoming manager sign this handover.'
        : 'Only the outgoing and the incoming manager sign this handover.',
  });
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
