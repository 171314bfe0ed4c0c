import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { daysLeft, renewalReadiness, type ReadinessConditionCode } from '@certdesk/domain';
import { loadReadinessFacts } from '@certdesk/persistence';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config/config.js';
import {
  DEFAULT_LANGUAGES,
  LANGUAGES,
  renderDeploymentNotice,
  renderDigest,
  renderReadinessEscalation,
  renderStalledRenewal,
  renderUrgent,
  type Language,
  type ReminderLine,
  type RenderedMail,
} from '../templates/index.js';
import { READINESS_DIGEST_MILESTONE } from '../scan/reminder-scan.js';
import { certificateFacts, deploymentsFor, type QueuedDelivery } from './queued-deliveries.js';

type Unmet = { code: ReadinessConditionCode; detail: string }[];

/** One mail to send: the deliveries it carries, and its content (rendered when its turn comes). */
export interface PlannedMail {
  kind: 'digest' | 'urgent' | 'stalled' | 'deployment' | 'readiness-escalation';
  deliveryIds: string[];
  notAfter: Date;
  render(): RenderedMail;
}

export interface MailPlan {
  /** Deliveries no longer true (certificate revoked or renewed, renewal moved on, deployment removed). */
  cancelled: { ids: string[]; reason: string }[];
  /** The digest first, then the mails of their own, earliest expiry first. */
  mails: PlannedMail[];
}

const DIGEST_KINDS = new Set(['digest', 'copy', 'escalation']);

/**
 * Turns the deliveries queued for one address into mails: one digest for every digest/copy/escalation line (a
 * certificate once, at its latest milestone), one mail per urgent, stalled and deployment delivery. The words
 * are the templates' (src/templates); the facts are read at send time, judged at `now`.
 */
@Injectable()
export class MailComposer {
  constructor(@Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig) {}

  async plan(
    manager: EntityManager,
    rows: QueuedDelivery[],
    now: Date,
    recipient: string,
  ): Promise<MailPlan> {
    const cancelled = new Map<string, string[]>();
    const cancel = (row: QueuedDelivery, reason: string) =>
      cancelled.set(reason, [...(cancelled.get(reason) ?? []), row.id]);
    const mails: PlannedMail[] = [];
    const digestRows: QueuedDelivery[] = [];
    const notReady = new Map<string, Unmet>();

    for (const row of rows) {
      const stale = staleReason(row);
      if (stale) {
        cancel(row, stale);
        continue;
      }
      if (DIGEST_KINDS.has(row.kind)) {
        if (row.milestone === READINESS_DIGEST_MILESTONE) {
          // Judged again at send time: what was fixed since the scan is not asked for any more.
          const unmet =
            notReady.get(row.certificateId) ?? (await this.unmet(manager, row.certificateId, now));
          if (unmet.length === 0) {
            cancel(row, 'the renewal became ready before the mail went out');
            continue;
          }
          notReady.set(row.certificateId, unmet);
        }
        digestRows.push(row);
      } else if (row.kind === 'urgent') {
        const line = this.line(row, now);
        mails.push({
          kind: 'urgent',
          deliveryIds: [row.id],
          notAfter: row.notAfter,
          render: () =>
            renderUrgent({ languages: languagesOf([row]), organisationName: row.organisationName, line }),
        });
      } else if (row.kind === 'stalled') {
        const stuckIn = row.milestone.split(':')[2] ?? row.caseState;
        const line = { ...this.line(row, now), renewalState: stuckIn };
        const since = row.caseStateChangedAt ?? now;
        mails.push({
          kind: 'stalled',
          deliveryIds: [row.id],
          notAfter: row.notAfter,
          render: () =>
            renderStalledRenewal({
              languages: languagesOf([row]),
              organisationName: row.organisationName,
              line,
              since,
            }),
        });
      } else if (row.kind === 'readiness-escalation') {
        const unmet = await this.unmet(manager, row.certificateId, now);
        if (unmet.length === 0) {
          cancel(row, 'the renewal became ready before the mail went out');
          continue;
        }
        const line = this.line(row, now);
        mails.push({
          kind: 'readiness-escalation',
          deliveryIds: [row.id],
          notAfter: row.notAfter,
          render: () =>
            renderReadinessEscalation({
              languages: languagesOf([row]),
              organisationName: row.organisationName,
              line,
              unmet,
            }),
        });
      } else if (row.kind === 'deployment') {
        // The api lists the deployments of the old certificate and, once linked, of the renewed one.
        const deployments = await deploymentsFor(
          manager,
          [row.certificateId, ...(row.caseRenewedCertificateId ? [row.caseRenewedCertificateId] : [])],
          recipient,
        );
        if (deployments.length === 0) {
          cancel(row, 'the deployment that named this address was removed before the mail went out');
          continue;
        }
        const renewed = row.caseRenewedCertificateId
          ? await certificateFacts(manager, row.caseRenewedCertificateId)
          : null;
        const line = this.line({ ...row, ...(renewed ?? {}) }, now);
        const integrators = [
          ...new Set(deployments.map((d) => d.integrator).filter((i): i is string => !!i)),
        ];
        mails.push({
          kind: 'deployment',
          deliveryIds: [row.id],
          notAfter: line.notAfter,
          render: () =>
            renderDeploymentNotice({
              languages: languagesOf([row]),
              organisationName: row.organisationName,
              line,
              software: [...new Set(deployments.map((d) => d.software))].join(', '),
              integrator: integrators.length ? integrators.join(', ') : null,
            }),
        });
      }
    }

    mails.sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime());
    if (digestRows.length > 0) mails.unshift(this.digest(digestRows, now, notReady));
    return { cancelled: [...cancelled].map(([reason, ids]) => ({ ids, reason })), mails };
  }

  /** Every digest line for one address: each certificate once (its latest milestone), earliest expiry first. */
  private digest(rows: QueuedDelivery[], now: Date, notReady: ReadonlyMap<string, Unmet>): PlannedMail {
    const latest = new Map<string, QueuedDelivery>();
    for (const row of rows) {
      const seen = latest.get(row.certificateId);
      if (!seen || milestoneOrder(row.milestone) < milestoneOrder(seen.milestone))
        latest.set(row.certificateId, row);
    }
    const lineRows = [...latest.values()].sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime());
    const lines = lineRows.map((row) => {
      const unmet = notReady.get(row.certificateId);
      return { ...this.line(row, now), ...(unmet ? { readiness: { unmet } } : {}) };
    });
    const organisationNames = [...new Set(lineRows.map((row) => row.organisationName))];
    const escalated = [
      ...new Set(rows.filter((r) => r.kind === 'escalation').map((r) => r.organisationName)),
    ];
    return {
      kind: 'digest',
      deliveryIds: rows.map((row) => row.id),
      notAfter: lineRows[0]!.notAfter,
      render: () =>
        renderDigest({
          languages: languagesOf(lineRows),
          organisationNames,
          lines,
          ...(escalated.length
            ? {
                escalation: { reason: 'no-generic-contact' as const, organisationName: escalated.join(', ') },
              }
            : {}),
        }),
    };
  }

  /** The renewal-readiness conditions a certificate does not meet now (libs/domain, the notifier's policy). */
  private async unmet(manager: EntityManager, certificateId: string, now: Date): Promise<Unmet> {
    const facts = (await loadReadinessFacts(manager, [certificateId])).get(certificateId);
    if (!facts) return [];
    return renewalReadiness(facts, now, this.config.readiness)
      .conditions.filter((c) => !c.met)
      .map(({ code, detail }) => ({ code, detail }));
  }

  private line(
    row: Omit<
      QueuedDelivery,
      'id' | 'kind' | 'reminderId' | 'organisationId' | 'organisationName' | 'languages'
    >,
    now: Date,
  ): ReminderLine {
    const left = daysLeft(row.notAfter, now);
    const milestone = /^\d+$/.test(row.milestone)
      ? Number(row.milestone)
      : row.milestone === 'expired'
        ? 'expired'
        : null;
    return {
      certificateId: row.certificateId,
      // A certificate that is not eHealth-shaped is named by its subject.
      identifierType: row.identifierType ?? 'Subject',
      identifierValue: row.identifierValue ?? row.subject,
      applicationId: row.applicationId,
      holderName: row.holderName,
      environment:
        row.environment === 'production' || row.environment === 'acceptance' ? row.environment : 'unknown',
      notAfter: row.notAfter,
      daysLeft: left,
      milestone: milestone ?? (left < 0 ? 'expired' : left),
      managerName: row.managerName,
      ...(row.managerLeft ? { managerLeft: { on: row.managerLeftOn } } : {}),
      ...(row.mute
        ? {
            muted: {
              reason: row.mute.reason,
              note: row.mute.note,
              until: row.mute.endDate,
              by: row.mute.mutedBy,
              replacedBy: row.mute.replacedBy,
            },
          }
        : {}),
      keystoreLocation: keystoreLocation(row),
      renewalState: row.renewalState,
      url: `${this.config.publicUrl}/certificates/${row.certificateId}`,
    };
  }
}

/** Why a queued delivery no longer holds, or null. */
function staleReason(row: QueuedDelivery): string | null {
  if (row.milestone.startsWith('stalled:')) {
    if (row.certificateState === 'revoked') return 'the certificate was revoked before the mail went out';
    const stuckIn = row.milestone.split(':')[2];
    if (row.caseState !== stuckIn) return 'the renewal moved on before the mail went out';
    return null;
  }
  if (row.milestone.startsWith('renewed:')) return null;
  if (row.certificateState !== 'active')
    return `the certificate was ${row.certificateState} before the mail went out`;
  if (row.renewalBlocksReminders) return 'the renewal went past phase 1 before the mail went out';
  return null;
}

/** Later milestones sort first: 'expired', then 0, 1, 3, ... */
function milestoneOrder(milestone: string): number {
  return milestone === 'expired' ? -1 : Number(milestone);
}

/** The organisations' languages in their order (first organisation first); French and Dutch by default. */
function languagesOf(rows: Pick<QueuedDelivery, 'languages'>[]): Language[] {
  const known = rows
    .flatMap((row) => row.languages ?? [])
    .filter((language): language is Language => (LANGUAGES as readonly string[]).includes(language));
  const languages = [...new Set(known)];
  return languages.length ? languages : [...DEFAULT_LANGUAGES];
}

/** "HOST: path/file.p12", as far as it is known. */
function keystoreLocation(
  row: Pick<QueuedDelivery, 'keystoreHost' | 'keystorePath' | 'keystoreFileName'>,
): string | null {
  if (row.keystoreFileName === null) return null;
  const folder = row.keystorePath?.replace(/[\\/]+$/, '') ?? '';
  // The path is a folder or the whole path of the file (keystore.entity.ts).
  const path = !folder
    ? row.keystoreFileName
    : folder.endsWith(row.keystoreFileName)
      ? folder
      : `${folder}/${row.keystoreFileName}`;
  return row.keystoreHost ? `${row.keystoreHost}: ${path}` : path;
}

/** The same deliveries always make the same Message-ID: a mail re-sent after a crash can be recognised. */
export function messageIdFor(deliveryIds: string[], domain: string): string {
  const digest = createHash('sha256')
    .update([...deliveryIds].sort().join(','))
    .digest('hex')
    .slice(0, 32);
  return `<reminder-${digest}@${domain}>`;
}
