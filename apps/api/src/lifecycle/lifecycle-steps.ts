import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditEventEntity } from '@certdesk/persistence';
import type { LifecycleStepDto } from './lifecycle.dto.js';

/** The audit actions of the lifecycle, in one place (the audit trail is their record of who, when and why). */
export const LIFECYCLE_ACTIONS = {
  renewalStarted: 'renewal.started',
  renewalCompleted: 'renewal.completed',
  renewalEtkActivated: 'renewal.etk-activated',
  renewalDeploymentsUpdated: 'renewal.deployments-updated',
  renewalAbandoned: 'renewal.abandoned',
  newRequestOpened: 'new-request.opened',
  newRequestCompleted: 'new-request.completed',
  newRequestAbandoned: 'new-request.abandoned',
  certificateRevoked: 'certificate.revoked',
  passwordChanged: 'certificate.password-changed',
  managerReassigned: 'certificate.manager-reassigned',
} as const;

/**
 * Reads the steps of renewal cases and new requests back from the audit trail, where each step is recorded once
 * (who, when, before/after, note): no second copy that could disagree with it. Set-based: one query per list.
 */
@Injectable()
export class LifecycleSteps {
  async forRenewals(
    manager: EntityManager,
    cases: { id: string; certificateId: string }[],
  ): Promise<Map<string, LifecycleStepDto[]>> {
    if (cases.length === 0) return new Map();
    const events = await manager
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      // certificate_id is indexed; the case id narrows it to the case.
      .where('e.certificateId = ANY(:certificateIds)', {
        certificateIds: [...new Set(cases.map((c) => c.certificateId))],
      })
      .andWhere("e.action LIKE 'renewal.%'")
      .andWhere("e.after->>'renewalCaseId' = ANY(:caseIds)", { caseIds: cases.map((c) => c.id) })
      .orderBy('e.id', 'ASC')
      .getMany();
    return group(events, 'renewalCaseId');
  }

  async forNewRequests(
    manager: EntityManager,
    requests: { id: string; organisationId: string }[],
  ): Promise<Map<string, LifecycleStepDto[]>> {
    if (requests.length === 0) return new Map();
    const events = await manager
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      .where('e.organisationId = ANY(:organisationIds)', {
        organisationIds: [...new Set(requests.map((r) => r.organisationId))],
      })
      .andWhere("e.action LIKE 'new-request.%'")
      .andWhere("e.after->>'newRequestId' = ANY(:requestIds)", { requestIds: requests.map((r) => r.id) })
      .orderBy('e.id', 'ASC')
      .getMany();
    return group(events, 'newRequestId');
  }
}

/**
 * One list of steps per case, oldest first. An event that does not change the state (the import linking the renewed
 * certificate) shows the state the case was in.
 */
function group(events: AuditEventEntity[], caseKey: string): Map<string, LifecycleStepDto[]> {
  const steps = new Map<string, LifecycleStepDto[]>();
  for (const event of events) {
    const after = event.after ?? {};
    const caseId = String(after[caseKey]);
    const list = steps.get(caseId) ?? [];
    const state = typeof after.state === 'string' ? after.state : (list.at(-1)?.state ?? '');
    list.push({
      action: event.action,
      state,
      at: event.occurredAt.toISOString(),
      by: event.actorLabel,
      byUserId: event.actorUserId,
      note: typeof after.note === 'string' ? after.note : null,
    });
    steps.set(caseId, list);
  }
  return steps;
}
