import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { isRenewalOpen, nextRenewalAction, RENEWAL_PHASES, type RenewalState } from '@certdesk/domain';
import { CertificateEntity, type NewRequestEntity, type RenewalCaseEntity } from '@certdesk/persistence';
import { CertificateView } from '../certificates/certificate-view.js';
import { Clock } from '../core/clock.js';
import { OrganisationsRepository } from '../organisations/organisations.repository.js';
import type { NewRequestDto, RenewalCaseDto } from './lifecycle.dto.js';
import { LifecycleSteps } from './lifecycle-steps.js';

/** Renewal cases shaped for answers: both certificates as CertificateDto, the phase, and every recorded step. */
@Injectable()
export class RenewalCaseView {
  constructor(
    private readonly certificates: CertificateView,
    private readonly steps: LifecycleSteps,
    private readonly clock: Clock,
  ) {}

  async load(manager: EntityManager, cases: RenewalCaseEntity[]): Promise<RenewalCaseDto[]> {
    if (cases.length === 0) return [];
    const certificateIds = [
      ...new Set(cases.flatMap((c) => [c.certificateId, c.renewedCertificateId]).filter((id) => id !== null)),
    ];
    const rows = await manager.getRepository(CertificateEntity).findBy({ id: In(certificateIds) });
    // One after the other: inside a transaction the manager holds a single connection, which runs one query at a time.
    const dtos = await this.certificates.load(manager, rows, this.clock.now());
    const steps = await this.steps.forRenewals(manager, cases);
    const certificateById = new Map(dtos.map((d) => [d.id, d]));
    return cases.map((c) => {
      const state = c.state as RenewalState;
      const phase = RENEWAL_PHASES.find((p) => p.state === state);
      return {
        id: c.id,
        organisationId: c.organisationId,
        state,
        phase: phase?.phase ?? 0,
        phaseTitle: phase?.title ?? 'Abandoned',
        nextStep: nextRenewalAction(state),
        open: isRenewalOpen(state),
        certificate: certificateById.get(c.certificateId)!,
        renewedCertificate: c.renewedCertificateId
          ? (certificateById.get(c.renewedCertificateId) ?? null)
          : null,
        usages: c.usages,
        openedAt: c.openedAt.toISOString(),
        openedById: c.openedById,
        stateChangedAt: c.stateChangedAt.toISOString(),
        abandonReason: c.abandonReason,
        steps: steps.get(c.id) ?? [],
      };
    });
  }

  async loadOne(manager: EntityManager, renewalCase: RenewalCaseEntity): Promise<RenewalCaseDto> {
    const [dto] = await this.load(manager, [renewalCase]);
    return dto!;
  }
}

/** New requests shaped for answers, with every recorded step. */
@Injectable()
export class NewRequestView {
  constructor(
    private readonly steps: LifecycleSteps,
    private readonly organisations: OrganisationsRepository,
  ) {}

  async load(manager: EntityManager, requests: NewRequestEntity[]): Promise<NewRequestDto[]> {
    // One after the other: inside a transaction the manager holds a single connection.
    const steps = await this.steps.forNewRequests(manager, requests);
    const names = await this.organisations.namesById(
      manager,
      requests.map((r) => r.organisationId),
    );
    return requests.map((r) => ({
      id: r.id,
      organisationId: r.organisationId,
      organisationName: names.get(r.organisationId) ?? '',
      identifierType: r.identifierType,
      identifierValue: r.identifierValue,
      applicationId: r.applicationId,
      state: r.state,
      replacesCertificateId: r.replacesCertificateId,
      requestedAt: r.requestedAt.toISOString(),
      requestedById: r.requestedById,
      completedAt: r.completedAt?.toISOString() ?? null,
      completedCertificateId: r.completedCertificateId,
      note: r.note,
      steps: steps.get(r.id) ?? [],
    }));
  }

  async loadOne(manager: EntityManager, request: NewRequestEntity): Promise<NewRequestDto> {
    const [dto] = await this.load(manager, [request]);
    return dto!;
  }
}
