import type { EntityManager } from 'typeorm';
import { isRenewalOpen, type RenewalState } from '@certdesk/domain';
import { CertificateEntity, RenewalCaseEntity } from '@certdesk/persistence';
import type { Actor } from '../../access/actor.js';
import type { AuditTrail } from '../../audit/audit-trail.js';

export interface Supersession {
  /** Active certificates the imported one renews (now superseded by it). */
  supersedes: string[];
  /** A later active certificate that renews the imported one (which is then stored as superseded). */
  supersededById: string | null;
}

/**
 * A renewed certificate keeps the identifier type and value, the application ID and the environment of the one it
 * renews, with a later notAfter. Importing it marks each older active one superseded and links the old one's open
 * renewal case to it; importing an older one after its renewal stores it as superseded. All in the caller's
 * transaction, each change audited.
 */
export async function applyRenewalSupersession(
  manager: EntityManager,
  audit: AuditTrail,
  actor: Actor,
  imported: CertificateEntity,
): Promise<Supersession> {
  if (imported.identifierType === null || imported.identifierValue === null) {
    return { supersedes: [], supersededById: null };
  }
  const query = manager
    .getRepository(CertificateEntity)
    .createQueryBuilder('c')
    .setLock('pessimistic_write')
    .where('c.organisationId = :organisationId', { organisationId: imported.organisationId })
    .andWhere("c.state = 'active'")
    .andWhere('c.id <> :id', { id: imported.id })
    .andWhere('c.identifierType = :type AND c.identifierValue = :value', {
      type: imported.identifierType,
      value: imported.identifierValue,
    })
    .andWhere('c.environment = :environment', { environment: imported.environment })
    .orderBy('c.notAfter', 'DESC');
  if (imported.applicationId === null) query.andWhere('c.applicationId IS NULL');
  else query.andWhere('c.applicationId = :applicationId', { applicationId: imported.applicationId });
  const sameIdentity = await query.getMany();

  const later = sameIdentity.filter((c) => c.notAfter > imported.notAfter);
  const earlier = sameIdentity.filter((c) => c.notAfter < imported.notAfter);
  const newest = later[0];
  if (newest) {
    await supersede(manager, audit, actor, imported, newest.id);
    return { supersedes: [], supersededById: newest.id };
  }
  for (const old of earlier) {
    await supersede(manager, audit, actor, old, imported.id);
    await linkOpenRenewals(manager, audit, actor, old, imported.id);
  }
  return { supersedes: earlier.map((c) => c.id), supersededById: null };
}

async function supersede(
  manager: EntityManager,
  audit: AuditTrail,
  actor: Actor,
  certificate: CertificateEntity,
  supersededById: string,
): Promise<void> {
  await manager
    .getRepository(CertificateEntity)
    .update({ id: certificate.id }, { state: 'superseded', supersededById });
  await audit.append(manager, actor, {
    action: 'certificate.superseded',
    organisationId: certificate.organisationId,
    certificateId: certificate.id,
    before: { state: certificate.state, supersededById: certificate.supersededById },
    after: { state: 'superseded', supersededById },
  });
}

async function linkOpenRenewals(
  manager: EntityManager,
  audit: AuditTrail,
  actor: Actor,
  old: CertificateEntity,
  renewedCertificateId: string,
): Promise<void> {
  const cases = await manager
    .getRepository(RenewalCaseEntity)
    .createQueryBuilder('r')
    .setLock('pessimistic_write')
    .where('r.certificateId = :certificateId', { certificateId: old.id })
    .getMany();
  for (const renewal of cases.filter((r) => isRenewalOpen(r.state as RenewalState))) {
    if (renewal.renewedCertificateId === renewedCertificateId) continue;
    await manager.getRepository(RenewalCaseEntity).update({ id: renewal.id }, { renewedCertificateId });
    await audit.append(manager, actor, {
      action: 'renewal.renewed-certificate-linked',
      organisationId: old.organisationId,
      certificateId: old.id,
      before: { renewalCaseId: renewal.id, renewedCertificateId: renewal.renewedCertificateId },
      after: { renewalCaseId: renewal.id, renewedCertificateId },
    });
  }
}
