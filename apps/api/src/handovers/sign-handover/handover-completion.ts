import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  CertificateEntity,
  HandoverCertificateEntity,
  HandoverEntity,
  HandoverSignatureEntity,
} from '@certdesk/persistence';
import type { Actor } from '../../access/actor.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { ConflictError } from '../../common/errors.js';
import { NewRequestsRepository } from '../../lifecycle/new-requests.repository.js';
import { NewRequestOpener } from '../../lifecycle/open-new-request/new-request-opener.js';
import { ManagerAssignment } from '../../lifecycle/reassign-manager/manager-assignment.js';
import { Outbox } from '../../outbox/outbox.js';
import { HANDOVER_ACTIONS } from '../handover-actions.js';
import { handoverDigest, parseHandoverDocument } from '../handover-document.js';

/** One signature as the audit trail keeps it: enough to verify it again with the document alone. */
export function signatureRecord(row: HandoverSignatureEntity, signerName: string): Record<string, unknown> {
  return {
    role: row.role,
    signerPersonId: row.signerPersonId,
    signerName,
    signedAt: row.signedAt.toISOString(),
    digestAlgorithm: row.digestAlgorithm,
    signatureAlgorithm: row.signatureAlgorithm,
    signature: row.signature.toString('base64'),
    certificate: row.certificateDer.toString('base64'),
    certificateSha256: row.certificateSha256,
  };
}

/**
 * Completes a handover once both signatures are verified, in the signing transaction: certificates the incoming
 * manager cannot obtain are flagged "revoke and request again" with a new request opened to replace each, then every
 * certificate changes hands (ManagerAssignment, src/lifecycle), and the document with both signatures is audited.
 */
@Injectable()
export class HandoverCompletion {
  constructor(
    private readonly assignment: ManagerAssignment,
    private readonly newRequests: NewRequestOpener,
    private readonly requests: NewRequestsRepository,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
  ) {}

  async complete(manager: EntityManager, actor: Actor, handover: HandoverEntity, now: Date): Promise<void> {
    const covered = await manager
      .getRepository(HandoverCertificateEntity)
      .find({ where: { handoverId: handover.id }, order: { certificateId: 'ASC' } });
    const ids = covered.map((c) => c.certificateId);
    // Locked in id order, as ManagerAssignment locks them; then checked against what was signed.
    const certificates = await manager
      .getRepository(CertificateEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.id = ANY(:ids)', { ids })
      .orderBy('c.id', 'ASC')
      .getMany();
    const changed = ids.filter((id) => {
      const certificate = certificates.find((c) => c.id === id);
      return (
        !certificate || certificate.managerId !== handover.fromPersonId || certificate.state !== 'active'
      );
    });
    if (changed.length) {
      throw new ConflictError(
        'HANDOVER_OUTDATED',
        `Since this handover was opened, ${changed.length === 1 ? 'a certificate' : `${changed.length} certificates`} changed manager or state: cancel it and open a new one.`,
      );
    }

    const newRequestIds: string[] = [];
    for (const certificate of certificates) {
      if (!covered.find((c) => c.certificateId === certificate.id)?.revokeAndRequestAgain) continue;
      const newRequestId = await this.replacementRequest(manager, actor, handover, certificate, now);
      if (newRequestId) newRequestIds.push(newRequestId);
      await manager
        .getRepository(CertificateEntity)
        .update({ id: certificate.id }, { revokeAndRequestAgain: true });
      await this.audit.append(
        manager,
        actor,
        {
          action: HANDOVER_ACTIONS.flaggedRevokeAndRequestAgain,
          organisationId: certificate.organisationId,
          certificateId: certificate.id,
          before: { revokeAndRequestAgain: certificate.revokeAndRequestAgain },
          after: { revokeAndRequestAgain: true, handoverId: handover.id, newRequestId },
        },
        now,
      );
    }

    const document = parseHandoverDocument(handover.document);
    const rows = await manager
      .getRepository(HandoverSignatureEntity)
      .find({ where: { handoverId: handover.id } });
    const byRole = (role: string) => rows.find((r) => r.role === role)!;
    const proof = {
      handoverId: handover.id,
      documentFormat: document.format,
      documentSha256: handoverDigest(handover.document, 'SHA-256').toString('hex'),
      documentSha384: handoverDigest(handover.document, 'SHA-384').toString('hex'),
      signatures: [
        signatureRecord(byRole('outgoing'), document.outgoingSigner.name),
        signatureRecord(byRole('incoming'), document.incomingManager.name),
      ],
    };
    await this.assignment.reassign(manager, actor, ids, handover.toPersonId, {
      note: `eID-signed handover ${handover.id}: ${handover.reason}`,
      signature: proof,
    });
    await manager
      .getRepository(HandoverEntity)
      .update({ id: handover.id }, { state: 'completed', completedAt: now });
    handover.state = 'completed';
    handover.completedAt = now;
    await this.audit.append(
      manager,
      actor,
      {
        action: HANDOVER_ACTIONS.completed,
        organisationId: handover.organisationId,
        before: { state: 'awaiting-signatures' },
        after: {
          state: 'completed',
          handoverId: handover.id,
          certificateIds: ids,
          revokeAndRequestAgainCertificateIds: covered
            .filter((c) => c.revokeAndRequestAgain)
            .map((c) => c.certificateId),
          newRequestIds,
          document: handover.document,
        },
        signature: proof,
      },
      now,
    );
    await this.outbox.add(manager, 'handover.completed', {
      organisationId: handover.organisationId,
      handoverId: handover.id,
      certificateIds: ids,
    });
  }

  /**
   * The revocation itself happens in the eHealth tool; what Certdesk opens is the new request replacing the
   * certificate (the lifecycle's model: a new request with replacesCertificateId), unless one is open already.
   * Its note says to revoke first. A certificate without an eHealth identifier is only flagged.
   */
  private async replacementRequest(
    manager: EntityManager,
    actor: Actor,
    handover: HandoverEntity,
    certificate: CertificateEntity,
    now: Date,
  ): Promise<string | null> {
    if (!certificate.identifierType || !certificate.identifierValue) return null;
    const open = await this.requests.openReplacing(manager, certificate.id);
    if (open) return open.id;
    const request = await this.newRequests.open(
      manager,
      actor,
      {
        organisationId: certificate.organisationId,
        identifierType: certificate.identifierType,
        identifierValue: certificate.identifierValue,
        applicationId: certificate.applicationId,
        replacesCertificateId: certificate.id,
        note:
          `Handover ${handover.id}: the new manager cannot obtain this certificate's keystore or password. ` +
          'Revoke it with the eHealth tool (reason "to be replaced by a new certificate"), record the revocation ' +
          'without opening another request, and request it again.',
      },
      now,
    );
    return request.id;
  }
}
