import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { checkLabelCount, type Label, parseLabel } from '@certdesk/domain';
import type { CertificateEntity } from '@certdesk/persistence';
import { AuditTrail, type AuditActor } from '../audit/audit-trail.js';
import { UnprocessableError } from '../common/errors.js';
import { groupBy } from '../common/group-by.js';
import { Clock } from '../core/clock.js';
import { type CertificateLabelRow, LabelsRepository } from './labels.repository.js';

export const LABEL_ACTIONS = {
  added: 'certificate.label-added',
  removed: 'certificate.label-removed',
} as const;

/** A label as typed, or a 422 INVALID_LABEL that says why (libs/domain parseLabel). */
export function requireLabel(text: unknown): Label {
  const parsed = parseLabel(text);
  if (!parsed.ok) throw new UnprocessableError('INVALID_LABEL', parsed.message, { reason: parsed.reason });
  return parsed.value;
}

/**
 * Puts a label on certificates or takes it off, inside the caller's transaction, which has loaded and locked them
 * and checked who may act: one certificate (its labels endpoints) or a selection (the bulk actions). Each
 * certificate's own organisation's label is used (made on first use). One audit event per certificate changed,
 * with its labels before and after; a certificate that already had (or never had) the label is left alone.
 */
@Injectable()
export class CertificateLabelling {
  constructor(
    private readonly labels: LabelsRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /** The certificates' ids that changed. 422 TOO_MANY_LABELS (naming the certificate) before anything is written. */
  async add(
    manager: EntityManager,
    actor: AuditActor,
    certificates: readonly CertificateEntity[],
    label: Label,
  ): Promise<string[]> {
    const current = await this.currentLabels(manager, certificates);
    const changing = certificates.filter((c) => !(current.get(c.id) ?? []).some((l) => l.key === label.key));
    for (const certificate of changing) {
      const count = checkLabelCount(
        (current.get(certificate.id) ?? []).map((l) => l.key),
        [label.key],
      );
      if (!count.ok)
        throw new UnprocessableError(count.reason, count.message, { certificateId: certificate.id });
    }
    for (const [organisationId, ofOrganisation] of groupBy(changing, (c) => c.organisationId)) {
      const stored = await this.labels.findOrCreate(manager, organisationId, label);
      await this.labels.attach(
        manager,
        stored,
        ofOrganisation.map((c) => c.id),
      );
      await this.auditEach(
        manager,
        actor,
        LABEL_ACTIONS.added,
        ofOrganisation,
        current,
        stored.name,
        (before) => [...before, stored],
      );
    }
    return changing.map((c) => c.id);
  }

  /** The certificates' ids that changed. */
  async remove(
    manager: EntityManager,
    actor: AuditActor,
    certificates: readonly CertificateEntity[],
    label: Label,
  ): Promise<string[]> {
    const current = await this.currentLabels(manager, certificates);
    const changing = certificates.filter((c) => (current.get(c.id) ?? []).some((l) => l.key === label.key));
    for (const [organisationId, ofOrganisation] of groupBy(changing, (c) => c.organisationId)) {
      const stored = await this.labels.find(manager, organisationId, label.key);
      if (!stored) continue;
      await this.labels.detach(
        manager,
        stored,
        ofOrganisation.map((c) => c.id),
      );
      await this.auditEach(
        manager,
        actor,
        LABEL_ACTIONS.removed,
        ofOrganisation,
        current,
        stored.name,
        (before) => before.filter((l) => l.key !== label.key),
      );
    }
    return changing.map((c) => c.id);
  }

  /** The labels each certificate carries now, by certificate id. */
  private async currentLabels(
    manager: EntityManager,
    certificates: readonly CertificateEntity[],
  ): Promise<Map<string, CertificateLabelRow[]>> {
    const rows = await this.labels.labelsOf(
      manager,
      certificates.map((c) => c.id),
    );
    return groupBy(rows, (row) => row.certificateId);
  }

  /** One audit event per certificate, with its labels before and after. */
  private async auditEach(
    manager: EntityManager,
    actor: AuditActor,
    action: string,
    certificates: readonly CertificateEntity[],
    current: Map<string, CertificateLabelRow[]>,
    label: string,
    labelsAfter: (before: readonly { name: string; key: string }[]) => { name: string; key: string }[],
  ): Promise<void> {
    const now = this.clock.now();
    for (const certificate of certificates) {
      const before = current.get(certificate.id) ?? [];
      await this.audit.append(
        manager,
        actor,
        {
          action,
          organisationId: certificate.organisationId,
          certificateId: certificate.id,
          before: { labels: names(before) },
          after: { label, labels: names(labelsAfter(before)) },
        },
        now,
      );
    }
  }
}

const names = (labels: readonly { name: string; key: string }[]): string[] =>
  [...labels].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((l) => l.name);
