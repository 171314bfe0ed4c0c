import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  DEFAULT_REMINDER_MILESTONES,
  daysLeft,
  daysLeftBound,
  OPEN_RENEWAL_STATES,
  isRenewalStalled,
  isUrgent,
  mutedReminderMail,
  normalizeMilestones,
  RENEWAL_PHASES,
  RENEWAL_WINDOW_DAYS,
  reminderMilestoneAt,
  renewalReadiness,
  STALLED_RENEWAL_DAYS,
} from '@certdesk/domain';
import { OUTBOX_TOPICS } from '@certdesk/contracts';
import { loadReadinessFacts, muteInForceSql } from '@certdesk/persistence';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config/config.js';
import { insertDeliveries, type NewReminder } from './recipients-sql.js';

/**
 * Renewal states after which a certificate is no longer reminded: its renewal is past phase 1 (the renewed
 * certificate is installed, or its ETK activated, or the integrators updated). An abandoned renewal reminds again.
 */
export const RENEWAL_STATES_WITHOUT_REMINDERS: readonly string[] = RENEWAL_PHASES.filter(
  (p) => p.phase >= 2,
).map((p) => p.state);
/** The reminder row of the administrators' escalation about a renewal that is not ready: one per certificate. */
export const READINESS_ESCALATION_MILESTONE = 'readiness-escalation';
/** The reminder row of a not-ready certificate's line in its organisation's digest: one per certificate. */
export const READINESS_DIGEST_MILESTONE = 'readiness-digest';
/** Certificates whose readiness facts are read in one statement. */
const READINESS_BATCH = 1_000;

export interface ScanCounts {
  candidates: number;
  reminders: number;
  deliveries: number;
}

interface CandidateRow {
  id: string;
  organisation_id: string;
  not_after: Date;
  reminder_milestones: number[];
  /** The certificate's reminders mute in force at the scan, if any. */
  mute_id: string | null;
}

interface StalledRow {
  case_id: string;
  state: string;
  state_changed_at: Date;
  certificate_id: string;
  organisation_id: string;
  not_after: Date;
}

/**
 * One scan: which certificates entered a reminder milestone at `now`, and which renewals stalled; their reminder
 * rows and deliveries are written in one transaction, set-based (one SELECT per kind, one INSERT of every reminder
 * with ON CONFLICT DO NOTHING RETURNING, one INSERT ... SELECT of their deliveries). The rules (days left, the
 * milestone a certificate is at, urgency, stalling) come from libs/domain; SQL only pre-selects by notAfter range.
 */
@Injectable()
export class ReminderScan {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  async scan(runId: string, now: Date): Promise<ScanCounts> {
    return this.db.transaction(async (manager) => {
      const due = await this.dueMilestones(manager, now);
      const stalled = await this.stalledRenewals(manager, now);
      const policy = this.config.readiness;
      // From READINESS_DIGEST_DAYS a line in the digest; from READINESS_ESCALATION_DAYS until the window opens, the
      // administrators' own mail (each once per certificate).
      const notReady = [
        ...(await this.notReady(manager, now, {
          milestone: READINESS_DIGEST_MILESTONE,
          mail: 'digest',
          moreThanDays: Math.max(policy.escalationAtDays, RENEWAL_WINDOW_DAYS),
          atMostDays: policy.digestFromDays,
        })),
        ...(await this.notReady(manager, now, {
          milestone: READINESS_ESCALATION_MILESTONE,
          mail: 'readiness-escalation',
          moreThanDays: RENEWAL_WINDOW_DAYS,
          atMostDays: policy.escalationAtDays,
        })),
      ];
      const wanted: NewReminder[] = [...due.reminders, ...stalled, ...notReady];
      const created = await this.insertReminders(manager, runId, wanted);
      const deliveries = await insertDeliveries(manager, created);
      // Webhooks tell expiries and stalled renewals; readiness is the dashboard's and the administrators' mail.
      await this.announce(
        manager,
        created.filter(
          (c) => c.milestone !== READINESS_DIGEST_MILESTONE && c.milestone !== READINESS_ESCALATION_MILESTONE,
        ),
      );
      return {
        candidates: due.candidates + stalled.length + notReady.length,
        reminders: created.length,
        deliveries: deliveries.count,
      };
    });
  }

  /** Certificates in force (or expired lately) at the milestone libs/domain says they are at. */
  private async dueMilestones(
    manager: EntityManager,
    now: Date,
  ): Promise<{ candidates: number; reminders: NewReminder[] }> {
    const [{ max }] = (await manager.query(
      `SELECT coalesce(max(m), 0)::int AS max FROM organisation o, unnest(o.reminder_milestones) m`,
    )) as [{ max: number }];
    const largest = Math.max(max, ...DEFAULT_REMINDER_MILESTONES);
    // daysLeft(notAfter, now) <= largest  <=>  notAfter < daysLeftBound(now, largest); the expired ones back to
    // expiredWithinDays days ago. The active-validity partial index answers this range.
    const rows = (await manager.query(
      `SELECT c.id, c.organisation_id, c.not_after, o.reminder_milestones,
              (SELECT m.id FROM mute m
                WHERE m.certificate_id = c.id AND m.warning_code IS NULL AND ${muteInForceSql('m', '$4')}) AS mute_id
         FROM certificate c
         JOIN organisation o ON o.id = c.organisation_id
        WHERE c.state = 'active'
          AND c.not_after < $1
          AND c.not_after >= $2
          AND NOT EXISTS (
                SELECT 1 FROM renewal_case r
                 WHERE r.certificate_id = c.id AND r.state = ANY($3::text[]))`,
      [
        daysLeftBound(now, largest),
        daysLeftBound(now, -(this.config.expiredWithinDays + 1)),
        RENEWAL_STATES_WITHOUT_REMINDERS,
        now,
      ],
    )) as CandidateRow[];

    const milestonesOf = new Map<string, readonly number[]>();
    const reminders: NewReminder[] = [];
    for (const row of rows) {
      let milestones = milestonesOf.get(row.organisation_id);
      if (!milestones) {
        const normalized = normalizeMilestones(row.reminder_milestones);
        milestones = normalized.ok ? normalized.value : DEFAULT_REMINDER_MILESTONES;
        milestonesOf.set(row.organisation_id, milestones);
      }
      const left = daysLeft(row.not_after, now);
      if (left < -this.config.expiredWithinDays) continue;
      const milestone = reminderMilestoneAt(left, milestones);
      if (milestone === null) continue;
      reminders.push({
        certificateId: row.id,
        organisationId: row.organisation_id,
        milestone: String(milestone),
        daysLeft: left,
        mail: mailOf(left, row.mute_id),
        muteId: row.mute_id,
      });
    }
    return { candidates: rows.length, reminders };
  }

  /** Open renewals stuck in one phase for STALLED_RENEWAL_DAYS: one reminder per (case, phase). */
  private async stalledRenewals(manager: EntityManager, now: Date): Promise<NewReminder[]> {
    // isRenewalStalled(since, now) <=> since < daysLeftBound(now, -STALLED_RENEWAL_DAYS) (Brussels days).
    const rows = (await manager.query(
      `SELECT r.id AS case_id, r.state, r.state_changed_at, r.certificate_id, c.organisation_id, c.not_after
         FROM renewal_case r
         JOIN certificate c ON c.id = r.certificate_id
        WHERE r.state = ANY($1::text[])
          AND r.state_changed_at < $2
          AND c.state <> 'revoked'`,
      [OPEN_RENEWAL_STATES, daysLeftBound(now, -STALLED_RENEWAL_DAYS)],
    )) as StalledRow[];
    return rows
      .filter((row) => isRenewalStalled(row.state_changed_at, now))
      .map((row) => ({
        certificateId: row.certificate_id,
        organisationId: row.organisation_id,
        milestone: stalledMilestone(row.case_id, row.state),
        daysLeft: daysLeft(row.not_after, now),
        mail: 'stalled' as const,
      }));
  }

  /**
   * Active certificates with more than `moreThanDays` and at most `atMostDays` left, without this milestone yet, whose
   * renewal is not ready (libs/domain renewalReadiness on the facts libs/persistence reads): one reminder each. It is
   * about preparing before the renewal window opens; inside it the milestone reminders take over. A renewal past
   * phase 1 or a reminders mute in force holds it back.
   */
  private async notReady(
    manager: EntityManager,
    now: Date,
    band: { milestone: string; mail: NewReminder['mail']; moreThanDays: number; atMostDays: number },
  ): Promise<NewReminder[]> {
    if (band.atMostDays <= band.moreThanDays) return [];
    const policy = this.config.readiness;
    const rows = (await manager.query(
      `SELECT c.id, c.organisation_id, c.not_after
         FROM certificate c
        WHERE c.state = 'active'
          AND c.not_after >= $5
          AND c.not_after < $2
          AND NOT EXISTS (SELECT 1 FROM reminder r WHERE r.certificate_id = c.id AND r.milestone = $3)
          AND NOT EXISTS (
                SELECT 1 FROM renewal_case rc
                 WHERE rc.certificate_id = c.id AND rc.state = ANY($4::text[]))
          AND NOT EXISTS (
                SELECT 1 FROM mute m
                 WHERE m.certificate_id = c.id AND m.warning_code IS NULL AND ${muteInForceSql('m', '$1')})`,
      [
        now,
        daysLeftBound(now, band.atMostDays),
        band.milestone,
        RENEWAL_STATES_WITHOUT_REMINDERS,
        daysLeftBound(now, band.moreThanDays),
      ],
    )) as { id: string; organisation_id: string; not_after: Date }[];
    const reminders: NewReminder[] = [];
    for (let i = 0; i < rows.length; i += READINESS_BATCH) {
      const batch = rows.slice(i, i + READINESS_BATCH);
      const facts = await loadReadinessFacts(
        manager,
        batch.map((row) => row.id),
      );
      for (const row of batch) {
        const known = facts.get(row.id);
        if (!known || renewalReadiness(known, now, policy).ready) continue;
        reminders.push({
          certificateId: row.id,
          organisationId: row.organisation_id,
          milestone: band.milestone,
          daysLeft: daysLeft(row.not_after, now),
          mail: band.mail,
        });
      }
    }
    return reminders;
  }

  /**
   * Each new reminder is announced in the outbox (reminder.created), in the scan's transaction: webhooks tell it
   * (certificate.expiring, certificate.expired, renewal.stalled), exactly once, as the reminder row is unique.
   */
  private async announce(manager: EntityManager, created: (NewReminder & { id: string })[]): Promise<void> {
    if (created.length === 0) return;
    await manager.query(
      `INSERT INTO outbox_message (topic, payload)
       SELECT $1, jsonb_build_object('organisationId', w.organisation_id, 'certificateId', w.certificate_id,
                                     'milestone', w.milestone, 'daysLeft', w.days_left, 'muted', w.muted)
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::boolean[])
              AS w(organisation_id, certificate_id, milestone, days_left, muted)`,
      [
        OUTBOX_TOPICS.reminderCreated,
        created.map((c) => c.organisationId),
        created.map((c) => c.certificateId),
        created.map((c) => c.milestone),
        created.map((c) => c.daysLeft),
        created.map((c) => (c.muteId ?? null) !== null),
      ],
    );
  }

  /** Inserts what is not there yet; returns only the reminders this call created (the ones to mail). */
  private async insertReminders(
    manager: EntityManager,
    runId: string,
    wanted: NewReminder[],
  ): Promise<(NewReminder & { id: string })[]> {
    if (wanted.length === 0) return [];
    const created = (await manager.query(
      `INSERT INTO reminder (certificate_id, organisation_id, milestone, days_left, run_id, mute_id)
       SELECT w.certificate_id, w.organisation_id, w.milestone, w.days_left, $5, w.mute_id
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $6::uuid[])
              AS w(certificate_id, organisation_id, milestone, days_left, mute_id)
       ON CONFLICT (certificate_id, milestone) DO NOTHING
       RETURNING id, certificate_id, milestone`,
      [
        wanted.map((w) => w.certificateId),
        wanted.map((w) => w.organisationId),
        wanted.map((w) => w.milestone),
        wanted.map((w) => w.daysLeft),
        runId,
        wanted.map((w) => w.muteId ?? null),
      ],
    )) as { id: string; certificate_id: string; milestone: string }[];
    const byKey = new Map(wanted.map((w) => [`${w.certificateId}/${w.milestone}`, w]));
    return created.map((row) => ({ ...byKey.get(`${row.certificate_id}/${row.milestone}`)!, id: row.id }));
  }
}

/**
 * How a milestone reminder is mailed: a digest line, plus its own urgent mail at 7 days or fewer. A muted certificate
 * gets nothing while it has more than 7 days left (the reminder is still recorded, so it is not sent late once the
 * mute ends, and webhooks still tell it, flagged muted); at 7 days or fewer or expired, only its digest line, which
 * says it is muted (libs/domain mutedReminderMail: never silent then).
 */
function mailOf(daysLeft: number, muteId: string | null): NewReminder['mail'] {
  if (muteId !== null) return mutedReminderMail(daysLeft) === 'none' ? 'none' : 'digest';
  return isUrgent(daysLeft) ? 'digest+urgent' : 'digest';
}

export function stalledMilestone(renewalCaseId: string, state: string): string {
  return `stalled:${renewalCaseId}:${state}`;
}

export function renewedMilestone(renewalCaseId: string): string {
  return `renewed:${renewalCaseId}`;
}
