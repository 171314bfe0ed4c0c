import { In, type EntityManager } from 'typeorm';
import { applyRenewalAction, type RenewalState } from '@certdesk/domain';
import { DeploymentEntity, RenewalCaseEntity } from '@certdesk/persistence';
import type { AuditActor, AuditTrail } from '../../audit/audit-trail.js';
import type { CutOverLinks } from '../../cut-over/cut-over-links.js';
import type { Outbox } from '../../outbox/outbox.js';
import { LIFECYCLE_ACTIONS } from '../lifecycle-steps.js';

/** Who records phase 3 when the ETK directory shows it was done: the directory, named as such in the audit trail. */
export const ETK_DIRECTORY_ACTOR: AuditActor = { system: 'eHealth ETK directory' };

/** A renewal reached a new state (webhooks tell it: renewal.phase-recorded). */
export async function announcePhaseRecorded(
  manager: EntityManager,
  outbox: Outbox,
  renewal: Pick<RenewalCaseEntity, 'id' | 'organisationId' | 'certificateId'>,
  state: string,
): Promise<void> {
  await outbox.add(manager, 'renewal.phase-recorded', {
    organisationId: renewal.organisationId,
    certificateId: renewal.certificateId,
    renewalCaseId: renewal.id,
    state,
  });
}

/** Phase 3: the old certificate is no longer the active one; every deployment must install the new keystore. */
export async function announceRenewed(
  manager: EntityManager,
  outbox: Outbox,
  renewal: RenewalCaseEntity,
): Promise<void> {
  const certificateIds = [renewal.certificateId, renewal.renewedCertificateId].filter((id) => id !== null);
  const deployments = await manager
    .getRepository(DeploymentEntity)
    .find({ where: { certificateId: In(certificateIds) }, order: { createdAt: 'ASC', id: 'ASC' } });
  await outbox.add(manager, 'certificate.renewed', {
    organisationId: renewal.organisationId,
    certificateId: renewal.certificateId,
    renewedCertificateId: renewal.renewedCertificateId,
    renewalCaseId: renewal.id,
    deployments: deployments.map((d) => ({ id: d.id, software: d.software, contactEmail: d.contactEmail })),
  });
}

/**
 * Records phase 3 ("activate the renewal ETK") of a renewal because the ETK directory now publishes the renewed
 * certificate's ETK: the same step as a manager's `activate-etk`, audited with the directory as its source and what
 * it published, and announced to the notifier; each deployment's contact is asked to confirm the cut-over. The caller holds the certificate's and the case's row locks; a case
 * no longer at phase 2 is left as it is (false).
 */
export async function recordEtkActivatedByDirectory(
  manager: EntityManager,
  services: { audit: AuditTrail; outbox: Outbox; cutOver: CutOverLinks },
  renewal: RenewalCaseEntity,
  published: { environment: string; authenticationFingerprint: string; encryptionFingerprint: string },
  now: Date,
): Promise<boolean> {
  const from = renewal.state as RenewalState;
  const result = applyRenewalAction(from, 'activate-etk');
  if (!result.ok) return false;
  await manager
    .getRepository(RenewalCaseEntity)
    .update({ id: renewal.id }, { state: result.value, stateChangedAt: now });
  await services.audit.append(
    manager,
    ETK_DIRECTORY_ACTOR,
    {
      action: LIFECYCLE_ACTIONS.renewalEtkActivated,
      organisationId: renewal.organisationId,
      certificateId: renewal.certificateId,
      before: { renewalCaseId: renewal.id, state: from },
      after: {
        renewalCaseId: renewal.id,
        state: result.value,
        note: 'The eHealth ETK directory publishes the renewed certificate’s ETK.',
        source: 'etk-directory',
        published,
      },
    },
    now,
  );
  await announcePhaseRecorded(manager, services.outbox, renewal, result.value);
  await announceRenewed(manager, services.outbox, { ...renewal, state: result.value });
  await services.cutOver.issue(manager, renewal, now);
  return true;
}
