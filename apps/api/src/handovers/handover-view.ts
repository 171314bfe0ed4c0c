import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import {
  HandoverCertificateEntity,
  type HandoverEntity,
  HandoverSignatureEntity,
  type HandoverSignatureRole,
} from '@certdesk/persistence';
import { OrganisationsRepository } from '../organisations/organisations.repository.js';
import type { HandoverDto, HandoverSignerDto } from './handover.dto.js';
import {
  type HandoverDocument,
  handoverDigest,
  parseHandoverDocument,
  renderHandoverText,
} from './handover-document.js';

/** Who signs in each role, in signing order, from the document (names as they were signed). */
export function handoverSigners(
  document: HandoverDocument,
): Record<HandoverSignatureRole, HandoverSignerDto> {
  return {
    outgoing: {
      role: 'outgoing',
      signsAs: document.outgoingSigner.role,
      personId: document.outgoingSigner.personId,
      name: document.outgoingSigner.name,
    },
    incoming: {
      role: 'incoming',
      signsAs: 'incoming-manager',
      personId: document.incomingManager.personId,
      name: document.incomingManager.name,
    },
  };
}

/** Shapes handovers into HandoverDto, with their certificates and signatures in one query each. */
@Injectable()
export class HandoverView {
  constructor(private readonly organisations: OrganisationsRepository) {}

  async load(manager: EntityManager, handovers: HandoverEntity[]): Promise<HandoverDto[]> {
    if (handovers.length === 0) return [];
    const ids = handovers.map((h) => h.id);
    // One after the other: inside a transaction both would share its one connection.
    const certificates = await manager
      .getRepository(HandoverCertificateEntity)
      .find({ where: { handoverId: In(ids) }, order: { certificateId: 'ASC' } });
    const signatures = await manager
      .getRepository(HandoverSignatureEntity)
      .find({ where: { handoverId: In(ids) } });
    const names = await this.organisations.namesById(
      manager,
      handovers.map((h) => h.organisationId),
    );
    return handovers.map((handover) => {
      const document = parseHandoverDocument(handover.document);
      const signers = handoverSigners(document);
      const signed = signatures
        .filter((s) => s.handoverId === handover.id)
        .sort((a, b) => (a.role === b.role ? 0 : a.role === 'outgoing' ? -1 : 1));
      return {
        id: handover.id,
        organisationId: handover.organisationId,
        organisationName: names.get(handover.organisationId) ?? '',
        state: handover.state,
        reason: handover.reason,
        outgoingManager: { id: document.outgoingManager.personId, name: document.outgoingManager.name },
        incomingManager: { id: document.incomingManager.personId, name: document.incomingManager.name },
        outgoingSigner: signers.outgoing,
        certificates: certificates
          .filter((c) => c.handoverId === handover.id)
          .map((c) => ({ certificateId: c.certificateId, revokeAndRequestAgain: c.revokeAndRequestAgain })),
        document: {
          format: document.format,
          json: handover.document,
          text: renderHandoverText(document),
          sha256: handoverDigest(handover.document, 'SHA-256').toString('base64'),
          sha384: handoverDigest(handover.document, 'SHA-384').toString('base64'),
        },
        signatures: signed.map((s) => ({
          role: s.role,
          signerPersonId: s.signerPersonId,
          signerName: signers[s.role].name,
          signedAt: s.signedAt.toISOString(),
          digestAlgorithm: s.digestAlgorithm,
          signatureAlgorithm: s.signatureAlgorithm,
          signature: s.signature.toString('base64'),
          certificate: s.certificateDer.toString('base64'),
          certificateSha256: s.certificateSha256,
        })),
        awaitingSignatureFrom:
          handover.state === 'awaiting-signatures'
            ? (['outgoing', 'incoming'] as const)
                .filter((role) => !signed.some((s) => s.role === role))
                .map((role) => signers[role])
            : [],
        openedAt: handover.openedAt.toISOString(),
        openedByUserId: handover.openedById,
        expiresAt: handover.expiresAt.toISOString(),
        completedAt: handover.completedAt?.toISOString() ?? null,
        cancelledAt: handover.cancelledAt?.toISOString() ?? null,
        cancelReason: handover.cancelReason,
      };
    });
  }

  async loadOne(manager: EntityManager, handover: HandoverEntity): Promise<HandoverDto> {
    const [dto] = await this.load(manager, [handover]);
    return dto!;
  }
}
