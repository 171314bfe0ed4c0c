import type { EntityManager } from 'typeorm';

/**
 * How a new reminder is mailed: a line in each recipient's digest (and, at 7 days or fewer, its own urgent mail
 * too), a mail of its own about a stalled renewal, or not at all (muted, more than 7 days left).
 */
export type ReminderMail = 'digest' | 'digest+urgent' | 'stalled' | 'readiness-escalation' | 'none';

export interface NewReminder {
  certificateId: string;
  organisationId: string;
  milestone: string;
  daysLeft: number;
  mail: ReminderMail;
  /** The mute in force when it was due (issue 13), recorded on the reminder. */
  muteId?: string | null;
}

/**
 * Queues the deliveries of newly created reminders, in one INSERT ... SELECT. Who gets a reminder:
 * - every generic contact of the organisation whose address has not failed permanently (kind digest);
 * - when the organisation has no such address: its org-admins and every central administrator (escalation), so
 *   the reminder is never mailed to nobody; the api's warnings show NO_GENERIC_CONTACT / CONTACT_DELIVERY_FAILED;
 * - the certificate's manager, in copy, when the organisation asks for it and the manager has not left (copy).
 * A digest reminder at 7 days or fewer adds an urgent mail for each of them; a stalled renewal is only its own mail.
 * A readiness escalation (a renewal not ready) goes to the organisation's administrators and its generic addresses.
 * Addresses are compared lower-cased; UNIQUE(reminder, recipient, kind) makes a repeated call a no-op.
 */
export async function insertDeliveries(
  manager: EntityManager,
  reminders: (NewReminder & { id: string })[],
): Promise<{ count: number; recipients: string[] }> {
  if (reminders.length === 0) return { count: 0, recipients: [] };
  const [result] = (await manager.query(
    `WITH r AS (
       SELECT rm.id, rm.certificate_id, rm.organisation_id, w.mail
         FROM unnest($1::uuid[], $2::text[]) AS w(id, mail)
         JOIN reminder rm ON rm.id = w.id
     ),
     working_generic AS (
       SELECT k.organisation_id, lower(k.email) AS email
         FROM contact k
        WHERE k.generic AND k.delivery_failed_at IS NULL
          AND k.organisation_id IN (SELECT organisation_id FROM r)
     ),
     roles AS (
       SELECT r.id AS reminder_id, g.email AS recipient, 'digest' AS role
         FROM r JOIN working_generic g ON g.organisation_id = r.organisation_id
       UNION
       SELECT r.id, lower(u.email), 'escalation'
         FROM r
         JOIN user_role ur
           ON ur.role = 'central-admin' OR (ur.role = 'org-admin' AND ur.organisation_id = r.organisation_id)
         JOIN app_user u ON u.id = ur.user_id AND NOT u.disabled
        WHERE NOT EXISTS (SELECT 1 FROM working_generic g WHERE g.organisation_id = r.organisation_id)
       UNION
       SELECT r.id, lower(p.email), 'copy'
         FROM r
         JOIN organisation o ON o.id = r.organisation_id AND o.manager_in_copy
         JOIN certificate c ON c.id = r.certificate_id
         JOIN person p ON p.id = c.manager_id
        WHERE coalesce(p.email, '') <> ''
          AND NOT EXISTS (
                SELECT 1 FROM membership m
                 WHERE m.person_id = p.id AND m.organisation_id = r.organisation_id AND NOT m.employed)
     ),
     admins AS (
       SELECT r.id AS reminder_id, lower(u.email) AS recipient
         FROM r
         JOIN user_role ur ON ur.role = 'org-admin' AND ur.organisation_id = r.organisation_id
         JOIN app_user u ON u.id = ur.user_id AND NOT u.disabled
        WHERE r.mail = 'readiness-escalation'
     ),
     wanted AS (
       SELECT roles.reminder_id, roles.recipient, roles.role AS kind
         FROM roles JOIN r ON r.id = roles.reminder_id
        WHERE r.mail IN ('digest', 'digest+urgent')
       UNION
       SELECT roles.reminder_id, roles.recipient, 'urgent'
         FROM roles JOIN r ON r.id = roles.reminder_id
        WHERE r.mail = 'digest+urgent'
       UNION
       SELECT roles.reminder_id, roles.recipient, 'stalled'
         FROM roles JOIN r ON r.id = roles.reminder_id
        WHERE r.mail = 'stalled'
       UNION
       SELECT roles.reminder_id, roles.recipient, 'readiness-escalation'
         FROM roles JOIN r ON r.id = roles.reminder_id
        WHERE r.mail = 'readiness-escalation' AND roles.role IN ('digest', 'escalation')
       UNION
       SELECT reminder_id, recipient, 'readiness-escalation' FROM admins
     ),
     inserted AS (
       INSERT INTO reminder_delivery (reminder_id, recipient, kind)
       SELECT reminder_id, recipient, kind FROM wanted
       ON CONFLICT (reminder_id, recipient, kind) DO NOTHING
       RETURNING recipient
     )
     SELECT count(*)::int AS count, coalesce(array_agg(DISTINCT recipient), '{}') AS recipients FROM inserted`,
    [reminders.map((r) => r.id), reminders.map((r) => r.mail)],
  )) as [{ count: number; recipients: string[] }];
  return result;
}
