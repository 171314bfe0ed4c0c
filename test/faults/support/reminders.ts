// Due certificates written straight into the tables (as the api would leave them; the notifier reads nothing
// else), and the tally of what the mail sink received against what was due.
import { randomBytes, randomInt } from 'node:crypto';
import pg from 'pg';
import { withMod97CheckDigits } from '@certdesk/domain';
import type { MailSink } from './mail-sink.js';

const DAY = 86_400_000;

/** Which certificate ids each address must hear about. */
export type DueReminders = Map<string, Set<string>>;

/**
 * `organisations` organisations with one generic contact each (`info-<n>@<domain>`), and `perOrganisation`
 * certificates each, 20 to 89 days from expiry: each due at exactly one milestone (90, 60 or 30), none urgent.
 */
export async function seedDueCertificates(
  databaseUrl: string,
  input: { organisations: number; perOrganisation: number; domain: string },
): Promise<DueReminders> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const due: DueReminders = new Map();
  try {
    const now = Date.now();
    for (let o = 0; o < input.organisations; o++) {
      const address = `info-${o}@${input.domain}`;
      const organisation = await client.query<{ id: string }>(
        `INSERT INTO organisation (name, languages, reminder_milestones) VALUES ($1, '{fr,nl}', '{90,60,30}')
         RETURNING id`,
        [`Ambulances ${input.domain} ${o}`],
      );
      const id = organisation.rows[0]!.id;
      await client.query(
        `INSERT INTO contact (organisation_id, email, language, generic) VALUES ($1, $2, 'fr', true)`,
        [id, address],
      );
      const rows = Array.from({ length: input.perOrganisation }, () => {
        const value = withMod97CheckDigits(String(700_000 + randomInt(99_999)).padStart(6, '0'));
        const notAfter = new Date(now + (20 + randomInt(70)) * DAY);
        return {
          fingerprint: randomBytes(32).toString('hex'),
          subject: `CN=NIHII-AMBU_SERVICE=${value}, OU=eHealth-platform Belgium, O=Federal Government, C=BE`,
          serial: randomBytes(8).toString('hex'),
          notBefore: new Date(notAfter.getTime() - 3 * 365 * DAY),
          notAfter,
          value,
        };
      });
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO certificate (organisation_id, sha256_fingerprint, subject, issuer, serial_number, not_before,
                                  not_after, key_algorithm, der, identifier_type, identifier_value, environment, state)
         SELECT $1, r.fingerprint, r.subject, 'CN=ZetesConfidens Private Trust PKI - eHealth issuing CA 001',
                r.serial, r."notBefore", r."notAfter", 'EC-P256', '\\x00'::bytea, 'NIHII-AMBU_SERVICE', r.value,
                'production', 'active'
           FROM jsonb_to_recordset($2::jsonb) AS r(fingerprint text, subject text, serial text,
                                                   "notBefore" timestamptz, "notAfter" timestamptz, value text)
         RETURNING id`,
        [id, JSON.stringify(rows)],
      );
      due.set(address, new Set(inserted.rows.map((row) => row.id)));
    }
  } finally {
    await client.end();
  }
  return due;
}

export interface Tally {
  /** Due reminders some mail named. */
  delivered: number;
  missing: number;
  /** Mails the server accepted more than once (the same deliveries: the same Message-ID). */
  duplicates: number;
  mails: number;
}

export async function tally(due: DueReminders, sink: MailSink): Promise<Tally> {
  await sink.settled();
  const named = new Set<string>();
  for (const mail of sink.mails) for (const id of mail.certificateIds) named.add(`${mail.to} ${id}`);
  let delivered = 0;
  let missing = 0;
  for (const [address, ids] of due) {
    for (const id of ids) {
      if (named.has(`${address} ${id}`)) delivered += 1;
      else missing += 1;
    }
  }
  const duplicates = sink.mails.length - new Set(sink.mails.map((m) => m.messageId)).size;
  return { delivered, missing, duplicates, mails: sink.mails.length };
}

/** Deliveries in each state, e.g. { sent: 180, queued: 20 }. */
export async function deliveryStates(databaseUrl: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ state: string; n: number }>(
      `SELECT state, count(*)::int AS n FROM reminder_delivery GROUP BY state`,
    );
    return Object.fromEntries(rows.map((row) => [row.state, row.n]));
  } finally {
    await client.end();
  }
}
