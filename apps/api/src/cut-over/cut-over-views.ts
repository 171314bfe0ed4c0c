import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CutOverRequestEntity } from '@certdesk/persistence';
import { Clock } from '../core/clock.js';
import type { CertificateCutOverDto, CutOverLinkDto } from './cut-over.dto.js';
import { cutOverRequestState } from './cut-over-request-state.js';
import { CutOverRequestsRepository } from './cut-over-requests.repository.js';

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

/** The cut-over as its two audiences see it: the link's holder (public) and the certificate page. */
@Injectable()
export class CutOverViews {
  constructor(
    private readonly requests: CutOverRequestsRepository,
    private readonly clock: Clock,
  ) {}

  /** What the link's page shows: the system, the organisation, the new certificate; nothing else of the tenant. */
  async link(manager: EntityManager, request: CutOverRequestEntity): Promise<CutOverLinkDto> {
    // One after the other: a transaction's manager is one connection, and pg 9 refuses a query sent while another
    // runs on it (pg 8 queues it with a deprecation warning).
    const deployment = await this.requests.deploymentById(manager, request.deploymentId);
    const organisation = await this.requests.organisationOf(manager, request.organisationId);
    const renewed = await this.requests.renewedCertificateOf(manager, request.renewalCaseId);
    return {
      state: request.confirmedAt ? 'confirmed' : 'pending',
      organisationName: organisation!.name,
      software: deployment!.software,
      integrator: deployment!.integrator,
      expiresAt: request.expiresAt.toISOString(),
      confirmedAt: iso(request.confirmedAt),
      newCertificate: renewed && {
        subject: renewed.subject,
        serialNumber: renewed.serialNumber,
        notBefore: renewed.notBefore.toISOString(),
        notAfter: renewed.notAfter.toISOString(),
      },
    };
  }

  async certificate(manager: EntityManager, certificateId: string): Promise<CertificateCutOverDto> {
    const now = this.clock.now();
    const rows = await this.requests.ofCertificate(manager, certificateId);
    const reminders = await this.requests.remindersMailed(
      manager,
      rows.map(({ request }) => request.id),
    );
    const requests = rows.map(({ request, software, integrator }) => ({
      id: request.id,
      renewalCaseId: request.renewalCaseId,
      deploymentId: request.deploymentId,
      software,
      integrator,
      contactEmail: request.contactEmail,
      state: cutOverRequestState(request, now),
      createdAt: request.createdAt.toISOString(),
      expiresAt: request.expiresAt.toISOString(),
      mailedAt: iso(request.mailedAt),
      remindersSent: reminders.get(request.id)?.count ?? 0,
      lastRemindedAt: iso(reminders.get(request.id)?.last ?? null),
      confirmedAt: iso(request.confirmedAt),
      confirmedBy: request.confirmedBy,
      overriddenAt: iso(request.overriddenAt),
      overriddenById: request.overriddenById,
      overrideReason: request.overrideReason,
    }));
    return {
      stillInUseBy: requests.filter((r) => r.state === 'pending' || r.state === 'expired').length,
      requests,
    };
  }
}
