import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CertificateEntity, PersonEntity } from '@certdesk/persistence';
import { AuditTrail, type AuditActor } from '../../audit/audit-trail.js';
import { NotFoundError } from '../../common/errors.js';
import { Clock } from '../../core/clock.js';
import { LIFECYCLE_ACTIONS } from '../lifecycle-steps.js';
import { requireEmployedMember } from '../organisation-person.js';

export interface ReassignOptions {
  note?: string | null;
  /** The signature given for this change (issue 5's eID-signed handover): recorded in each audit event. */
  signature?: object | null;
}

/**
 * Hands certificates to a new certificate manager, inside the caller's transaction. The manager-reassignment
 * endpoint calls it for one certificate; the eID-signed handover (issue 5) calls it for all of the old manager's
 * certificates once both signatures are verified, so the reassignment and its proof commit together.
 *
 * Callers decide who may act (AccessPolicy); this enforces what must hold whoever acts: the certificates exist,
 * the new manager belongs to each certificate's organisation and still works there, and every change is audited
 * with before/after (and the signature, when there is one). Certificates the new manager already manages are
 * left alone and not audited.
 */
@Injectable()
export class ManagerAssignment {
  constructor(
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async reassign(
    manager: EntityManager,
    actor: AuditActor,
    certificateIds: readonly string[],
    newManagerId: string,
    options: ReassignOptions = {},
  ): Promise<CertificateEntity[]> {
    const ids = [...new Set(certificateIds)];
    if (ids.length === 0) return [];
    // Locked in id order, so two handovers over overlapping certificates queue up instead of deadlocking.
    const certificates = await manager
      .getRepository(CertificateEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.id = ANY(:ids)', { ids })
      .orderBy('c.id', 'ASC')
      .getMany();
    if (certificates.length !== ids.length) throw new NotFoundError('certificate');

    const organisationIds = [...new Set(certificates.map((c) => c.organisationId))];
    let newManager: PersonEntity | undefined;
    for (const organisationId of organisationIds) {
      newManager = await requireEmployedMember(manager, newManagerId, organisationId, 'managerId');
    }
    const previousIds = [...new Set(certificates.map((c) => c.managerId).filter((id) => id !== null))];
    const previous = new Map(
      (previousIds.length
        ? await manager
            .getRepository(PersonEntity)
            .createQueryBuilder('p')
            .where('p.id = ANY(:previousIds)', { previousIds })
            .getMany()
        : []
      ).map((p) => [p.id, p.name]),
    );

    const changed = certificates.filter((c) => c.managerId !== newManagerId);
    if (changed.length === 0) return certificates;
    const now = this.clock.now();
    await manager
      .getRepository(CertificateEntity)
      .createQueryBuilder()
      .update()
      .set({ managerId: newManagerId })
      .where('id = ANY(:ids)', { ids: changed.map((c) => c.id) })
      .execute();
    for (const certificate of changed) {
      await this.audit.append(
        manager,
        actor,
        {
          action: LIFECYCLE_ACTIONS.managerReassigned,
          organisationId: certificate.organisationId,
          certificateId: certificate.id,
          before: {
            managerId: certificate.managerId,
            managerName: certificate.managerId ? (previous.get(certificate.managerId) ?? null) : null,
          },
          after: { managerId: newManagerId, managerName: newManager!.name, note: options.note ?? null },
          signature: options.signature ?? null,
        },
        now,
      );
    }
    return manager
      .getRepository(CertificateEntity)
      .createQueryBuilder('c')
      .where('c.id = ANY(:ids)', { ids })
      .orderBy('c.id', 'ASC')
      .getMany();
  }
}
