import type { EntityManager } from 'typeorm';
import { queryPrepared, type ReminderDeliveryKind } from '@certdesk/persistence';
import { RENEWAL_STATES_WITHOUT_REMINDERS } from '../scan/reminder-scan.js';

/** A queued delivery with everything its mail says, as one row. */
export interface QueuedDelivery {
  id: string;
  kind: ReminderDeliveryKind;
  reminderId: string;
  milestone: string;
  organisationId: string;
  organisationName: string;
  languages: string[];
  certificateId: string;
  certificateState: string;
  identifierType: string | null;
  identifierValue: string | null;
  applicationId: string | null;
  holderName: string | null;
  subject: string;
  environment: string;
  notAfter: Date;
  managerName: string | null;
  /** The manager has no employed membership in the certificate's organisation (as the api's MANAGER_LEFT warning). */
  managerLeft: boolean;
  /** The day they left ('YYYY-MM-DD'), when recorded. */
  managerLeftOn: string | null;
  keystoreHost: string | null;
  keystorePath: string | null;
  keystoreFileName: string | null;
  /** The certificate's latest renewal, if any. */
  renewalState: string | null;
  /** A renewal past phase 1 (or done) exists: milestone reminders no longer apply. */
  renewalBlocksReminders: boolean;
  /** For 'stalled:' and 'renewed:' reminders: the renewal case the milestone names. */
  caseState: string | null;
  caseStateChangedAt: Date | null;
  caseRenewedCertificateId: string | null;
  /** The mute in force when the reminder was due: its digest line says so (issue 13). */
  mute: ReminderMute | null;
}

/** A mute as a digest line tells it. */
export interface ReminderMute {
  reason: string;
  note: string | null;
  /** The last day it holds, 'YYYY-MM-DD'. */
  endDate: string;
  mutedBy: string | null;
  /** The replacing certificate, as "TYPE=value" (or its subject). */
  replacedBy: string | null;
}

/** The mute recorded on reminder `r`, as one JSON value (null when there is none). */
const REMINDER_MUTE_COLUMN = `(
  SELECT json_build_object('reason', m.reason, 'note', m.note, 'endDate', to_char(m.end_date, 'YYYY-MM-DD'),
           'mutedBy', (SELECT p2.name FROM app_user u JOIN person p2 ON p2.id = u.person_id WHERE u.id = m.muted_by_id),
           'replacedBy', (SELECT coalesce(rc.identifier_type || '=' || rc.identifier_value, rc.subject)
                            FROM certificate rc WHERE rc.id = m.replaced_by_certificate_id))
    FROM mute m WHERE m.id = r.mute_id) AS mute`;

/** The manager's membership in the certificate's organisation (`c`, manager `p`): at most one row. */
const MANAGER_MEMBERSHIP_JOIN =
  'LEFT JOIN membership mm ON mm.person_id = c.manager_id AND mm.organisation_id = c.organisation_id';
/** A named manager without an employed membership there has left (the api's MANAGER_LEFT warning says the same). */
const MANAGER_LEFT_COLUMNS =
  'p.id IS NOT NULL AND (mm.id IS NULL OR NOT mm.employed) AS manager_left, ' +
  'CASE WHEN p.id IS NOT NULL AND NOT coalesce(mm.employed, false) THEN mm.left_on::text END AS manager_left_on';

/**
 * Every delivery still queued for one address (lower-cased), oldest first. The caller holds the address's
 * advisory lock (see RecipientSender), so nobody else sends them meanwhile.
 */
export async function loadQueuedDeliveries(
  manager: EntityManager,
  recipient: string,
): Promise<QueuedDelivery[]> {
  // Prepared: one run per mail, and planning its dozen joins cost Postgres more than running them. The case a
  // milestone names is read by its key (comparing ids as text hashed the whole renewal_case table for every mail).
  const rows = await queryPrepared<Record<string, unknown>>(manager, {
    name: 'certdesk_queued_deliveries',
    text: `SELECT d.id, d.kind, d.reminder_id, r.milestone, r.organisation_id, o.name AS organisation_name, o.languages,
            c.id AS certificate_id, c.state AS certificate_state, c.identifier_type, c.identifier_value,
            c.application_id, c.holder_name, c.subject, c.environment, c.not_after,
            p.name AS manager_name, ${MANAGER_LEFT_COLUMNS},
            ks.host AS keystore_host, ks.path AS keystore_path, ks.file_name AS keystore_file_name,
            latest.state AS renewal_state,
            EXISTS (SELECT 1 FROM renewal_case b
                     WHERE b.certificate_id = c.id AND b.state = ANY($2::text[])) AS renewal_blocks_reminders,
            mc.state AS case_state, mc.state_changed_at AS case_state_changed_at,
            mc.renewed_certificate_id AS case_renewed_certificate_id,
            ${REMINDER_MUTE_COLUMN}
       FROM reminder_delivery d
       JOIN reminder r ON r.id = d.reminder_id
       JOIN certificate c ON c.id = r.certificate_id
       JOIN organisation o ON o.id = r.organisation_id
       LEFT JOIN person p ON p.id = c.manager_id
       ${MANAGER_MEMBERSHIP_JOIN}
       LEFT JOIN keystore ks ON ks.id = c.keystore_id
       LEFT JOIN LATERAL (
         SELECT x.state FROM renewal_case x WHERE x.certificate_id = c.id ORDER BY x.opened_at DESC LIMIT 1
       ) latest ON TRUE
       LEFT JOIN renewal_case mc
         ON mc.id = CASE WHEN r.milestone ~ '^(stalled|renewed):[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}(:|$)'
                         THEN split_part(r.milestone, ':', 2)::uuid END
      WHERE d.recipient = $1 AND d.state = 'queued'
      ORDER BY d.queued_at, c.not_after, d.id`,
    values: [recipient, RENEWAL_STATES_WITHOUT_REMINDERS],
  });
  return rows.map((row) => ({
    id: row.id as string,
    kind: row.kind as ReminderDeliveryKind,
    reminderId: row.reminder_id as string,
    milestone: row.milestone as string,
    organisationId: row.organisation_id as string,
    organisationName: row.organisation_name as string,
    languages: row.languages as string[],
    certificateId: row.certificate_id as string,
    certificateState: row.certificate_state as string,
    identifierType: row.identifier_type as string | null,
    identifierValue: row.identifier_value as string | null,
    applicationId: row.application_id as string | null,
    holderName: row.holder_name as string | null,
    subject: row.subject as string,
    environment: row.environment as string,
    notAfter: row.not_after as Date,
    managerName: row.manager_name as string | null,
    managerLeft: row.manager_left as boolean,
    managerLeftOn: row.manager_left_on as string | null,
    keystoreHost: row.keystore_host as string | null,
    keystorePath: row.keystore_path as string | null,
    keystoreFileName: row.keystore_file_name as string | null,
    renewalState: row.renewal_state as string | null,
    renewalBlocksReminders: row.renewal_blocks_reminders as boolean,
    caseState: row.case_state as string | null,
    caseStateChangedAt: row.case_state_changed_at as Date | null,
    caseRenewedCertificateId: row.case_renewed_certificate_id as string | null,
    mute: row.mute as ReminderMute | null,
  }));
}

/** Deployments of the certificates (the renewed one and its successor) that name `recipient` as their contact. */
export async function deploymentsFor(
  manager: EntityManager,
  certificateIds: string[],
  recipient: string,
): Promise<{ software: string; integrator: string | null }[]> {
  return (await manager.query(
    `SELECT software, integrator FROM deployment
      WHERE certificate_id = ANY($1::uuid[]) AND lower(contact_email) = $2
      ORDER BY software, id`,
    [certificateIds, recipient],
  )) as { software: string; integrator: string | null }[];
}

/** A certificate's own facts, for a deployment notice about the renewed certificate. */
export async function certificateFacts(
  manager: EntityManager,
  certificateId: string,
): Promise<Pick<
  QueuedDelivery,
  | 'certificateId'
  | 'identifierType'
  | 'identifierValue'
  | 'applicationId'
  | 'holderName'
  | 'subject'
  | 'environment'
  | 'notAfter'
  | 'managerName'
  | 'managerLeft'
  | 'managerLeftOn'
  | 'keystoreHost'
  | 'keystorePath'
  | 'keystoreFileName'
> | null> {
  const [row] = (await manager.query(
    `SELECT c.id, c.identifier_type, c.identifier_value, c.application_id, c.holder_name, c.subject,
            c.environment, c.not_after, p.name AS manager_name, ${MANAGER_LEFT_COLUMNS},
            ks.host, ks.path, ks.file_name
       FROM certificate c
       LEFT JOIN person p ON p.id = c.manager_id
       ${MANAGER_MEMBERSHIP_JOIN}
       LEFT JOIN keystore ks ON ks.id = c.keystore_id
      WHERE c.id = $1`,
    [certificateId],
  )) as Record<string, unknown>[];
  if (!row) return null;
  return {
    certificateId: row.id as string,
    identifierType: row.identifier_type as string | null,
    identifierValue: row.identifier_value as string | null,
    applicationId: row.application_id as string | null,
    holderName: row.holder_name as string | null,
    subject: row.subject as string,
    environment: row.environment as string,
    notAfter: row.not_after as Date,
    managerName: row.manager_name as string | null,
    managerLeft: row.manager_left as boolean,
    managerLeftOn: row.manager_left_on as string | null,
    keystoreHost: row.host as string | null,
    keystorePath: row.path as string | null,
    keystoreFileName: row.file_name as string | null,
  };
}

/**
 * Written in the sending transaction just before the mail goes out and committed right after the server accepted
 * it: the only work left between acceptance and commit is the COMMIT itself. If the server does not accept it,
 * `settleFailedAttempt` rewrites the rows in the same transaction.
 */
export async function markSent(
  manager: EntityManager,
  ids: string[],
  at: Date,
  messageId: string,
): Promise<void> {
  await queryPrepared(manager, {
    name: 'certdesk_mark_sent',
    text: `UPDATE reminder_delivery
              SET state = 'sent', sent_at = $2, last_attempt_at = $2, message_id = $3, error = NULL,
                  attempts = attempts + 1
            WHERE id = ANY($1::uuid[]) AND state = 'queued'`,
    values: [ids, at, messageId],
  });
}

/** The attempt marked by `markSent` did not go through: queued again (to retry) or failed, with the reason. */
export async function settleFailedAttempt(
  manager: EntityManager,
  ids: string[],
  state: 'queued' | 'failed',
  error: string,
): Promise<void> {
  await manager.query(
    `UPDATE reminder_delivery SET state = $2, sent_at = NULL, message_id = NULL, error = $3
      WHERE id = ANY($1::uuid[])`,
    [ids, state, error],
  );
}

export async function markEnded(
  manager: EntityManager,
  ids: string[],
  state: 'failed' | 'cancelled',
  at: Date,
  error: string,
  attempted: boolean,
): Promise<void> {
  if (ids.length === 0) return;
  await manager.query(
    `UPDATE reminder_delivery
        SET state = $2, error = $4,
            attempts = attempts + $5::int,
            last_attempt_at = CASE WHEN $5::int > 0 THEN $3 ELSE last_attempt_at END
      WHERE id = ANY($1::uuid[]) AND state = 'queued'`,
    [ids, state, at, error, attempted ? 1 : 0],
  );
}

/** Flags every contact with this address: reminders stop going there, and the api's warnings show it. */
export async function flagContact(
  manager: EntityManager,
  recipient: string,
  at: Date,
  failure: string,
): Promise<void> {
  await manager.query(
    `UPDATE contact SET delivery_failed_at = $2, delivery_failure = $3
      WHERE lower(email) = $1 AND delivery_failed_at IS NULL`,
    [recipient, at, failure],
  );
}
