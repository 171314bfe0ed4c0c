import type { EntityManager } from 'typeorm';
import {
  OUTBOX_TOPICS,
  type CertificateRevokedEvent,
  type CutOverConfirmedEvent,
  type EtkDirectoryFindingsEvent,
  type HandoverCompletedEvent,
  type OutboxJob,
  type ReminderCreatedEvent,
  type RenewalPhaseRecordedEvent,
  type WebhookCertificateRef,
  type WebhookEventData,
  type WebhookEventType,
  type WebhookOrganisationRef,
} from '@certdesk/contracts';
import { RENEWAL_PHASES } from '@certdesk/domain';

/** An outbox message as a webhook event: its type, whose it is, and how its payload's data is read. */
export interface WebhookEvent {
  type: WebhookEventType;
  organisationId: string;
  /** The data, read when the event is fanned out; null when what it is about is gone (nothing is delivered). */
  data(manager: EntityManager, publicUrl: string): Promise<WebhookEventData[WebhookEventType] | null>;
}

/** Which outbox messages become which webhook events; null for the ones no webhook tells. */
export function webhookEventOf(job: OutboxJob): WebhookEvent | null {
  switch (job.topic) {
    case OUTBOX_TOPICS.certificateRevoked: {
      const event = job.payload as CertificateRevokedEvent;
      return certificateEvent('certificate.revoked', event.organisationId, event.certificateId, () => ({
        reason: event.reason,
        revokedOn: event.revokedOn,
        newRequestId: event.newRequestId,
      }));
    }
    case OUTBOX_TOPICS.reminderCreated: {
      const event = job.payload as ReminderCreatedEvent;
      if (event.milestone === 'expired')
        return certificateEvent('certificate.expired', event.organisationId, event.certificateId, () => ({
          daysLeft: event.daysLeft,
          muted: event.muted ?? false,
        }));
      const stalled = /^stalled:([^:]+):(.+)$/.exec(event.milestone);
      if (stalled)
        return certificateEvent('renewal.stalled', event.organisationId, event.certificateId, () => ({
          renewalCaseId: stalled[1]!,
          state: stalled[2]!,
        }));
      if (/^\d+$/.test(event.milestone))
        return certificateEvent('certificate.expiring', event.organisationId, event.certificateId, () => ({
          milestone: Number(event.milestone),
          daysLeft: event.daysLeft,
          muted: event.muted ?? false,
        }));
      return null;
    }
    case OUTBOX_TOPICS.renewalPhaseRecorded: {
      const event = job.payload as RenewalPhaseRecordedEvent;
      return certificateEvent('renewal.phase-recorded', event.organisationId, event.certificateId, () => ({
        renewalCaseId: event.renewalCaseId,
        state: event.state,
        phase: RENEWAL_PHASES.find((p) => p.state === event.state)?.phase ?? null,
      }));
    }
    case OUTBOX_TOPICS.handoverCompleted: {
      const event = job.payload as HandoverCompletedEvent;
      return organisationEvent('handover.completed', event.organisationId, () => ({
        handoverId: event.handoverId,
        certificateIds: event.certificateIds,
      }));
    }
    case OUTBOX_TOPICS.etkDirectoryFindings: {
      const event = job.payload as EtkDirectoryFindingsEvent;
      return organisationEvent('etk-directory.findings', event.organisationId, () => ({
        addedCertificateIds: event.addedCertificateIds,
        published: event.published,
        withdrawn: event.withdrawn,
        activatedRenewalCaseIds: event.activatedRenewalCaseIds,
      }));
    }
    case OUTBOX_TOPICS.cutOverConfirmed: {
      const event = job.payload as CutOverConfirmedEvent;
      return certificateEvent('cut-over.confirmed', event.organisationId, event.certificateId, () => ({
        renewalCaseId: event.renewalCaseId,
        deploymentId: event.deploymentId,
        software: event.software,
        confirmedBy: event.confirmedBy,
        confirmedAt: event.confirmedAt,
        stillInUseBy: event.stillInUseBy,
      }));
    }
    default:
      return null;
  }
}

function organisationEvent(
  type: WebhookEventType,
  organisationId: string,
  rest: () => Record<string, unknown>,
): WebhookEvent {
  return {
    type,
    organisationId,
    data: async (manager) => {
      const organisation = await organisationRef(manager, organisationId);
      return organisation ? ({ organisation, ...rest() } as WebhookEventData[WebhookEventType]) : null;
    },
  };
}

function certificateEvent(
  type: WebhookEventType,
  organisationId: string,
  certificateId: string,
  rest: () => Record<string, unknown>,
): WebhookEvent {
  return {
    type,
    organisationId,
    data: async (manager, publicUrl) => {
      const [row] = (await manager.query(
        `SELECT c.id, c.subject, c.not_after, c.environment, o.id AS organisation_id, o.name AS organisation_name
           FROM certificate c JOIN organisation o ON o.id = c.organisation_id
          WHERE c.id = $1 AND c.organisation_id = $2`,
        [certificateId, organisationId],
      )) as {
        id: string;
        subject: string;
        not_after: Date;
        environment: string;
        organisation_id: string;
        organisation_name: string;
      }[];
      if (!row) return null;
      const certificate: WebhookCertificateRef = {
        id: row.id,
        subject: row.subject,
        notAfter: row.not_after.toISOString(),
        environment: row.environment,
        url: `${publicUrl}/certificates/${row.id}`,
      };
      const organisation: WebhookOrganisationRef = { id: row.organisation_id, name: row.organisation_name };
      return { organisation, certificate, ...rest() } as WebhookEventData[WebhookEventType];
    },
  };
}

async function organisationRef(manager: EntityManager, id: string): Promise<WebhookOrganisationRef | null> {
  const [row] = (await manager.query('SELECT id, name FROM organisation WHERE id = $1', [id])) as {
    id: string;
    name: string;
  }[];
  return row ?? null;
}
