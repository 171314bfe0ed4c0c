// Postgres stopped at once (`pg_ctl -m immediate`: every connection dropped, open transactions lost, as a crash)
// and started again, in the middle of a reminder run and of an import. The server is the test's own (initdb +
// pg_ctl on a free port, in a temporary directory): the machine's shared Postgres is never restarted. Both must
// resume or fail clearly, and nothing may be half-written.
import { createHash, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { withMod97CheckDigits } from '@certdesk/domain';
import { createTestPki } from '@certdesk/pki/testing';
import { MailSink } from './support/mail-sink.js';
import { waitUntil } from './support/ports.js';
import { PostgresServer } from './support/postgres-server.js';
import type { AppProcess } from './support/processes.js';
import { deliveryStates, seedDueCertificates, tally, type DueReminders } from './support/reminders.js';
import {
  apiProcess,
  call,
  cleanSharedRedis,
  LONG,
  logIn,
  notifierProcess,
  queuePrefix,
  requestRun,
  SHARED_REDIS_URL,
  waitUntilNothingQueued,
} from './support/stack.js';

const REMINDERS = LONG ? 1_000 : 150;
const NOTIFIERS = 2;
const SEND_CONCURRENCY = 2;
// The import: a zip of PEM bundles, each bundle one file, so one transaction of its own.
const BUNDLES = LONG ? 20 : 8;
// An upload's files are written a transaction per ~1,000 certificates: 250 per bundle makes the import span batches.
const PER_BUNDLE = 250;

describe('Postgres restarted in the middle of a reminder run and of an import', () => {
  const postgres = new PostgresServer();
  const sink = new MailSink(40);
  const prefix = queuePrefix('postgres');
  let databaseUrl: string;
  let api: Awaited<ReturnType<typeof apiProcess>>;
  const notifiers: AppProcess[] = [];
  let due: DueReminders;
  let token: string;
  let passed = 0;

  beforeAll(async () => {
    await postgres.start();
    databaseUrl = postgres.url('certdesk');
    await sink.start();
    const redis = { REDIS_URL: SHARED_REDIS_URL };
    // The api creates and migrates the database as it starts; the notifiers wait for that.
    api = await apiProcess('api', { databaseUrl, redis, prefix });
    await api.start();
    due = await seedDueCertificates(databaseUrl, {
      organisations: REMINDERS,
      perOrganisation: 1,
      domain: 'postgres.test',
    });
    for (let i = 1; i <= NOTIFIERS; i++) {
      notifiers.push(
        notifierProcess(`notifier-${i}`, {
          databaseUrl,
          redis,
          prefix,
          smtpUrl: sink.url,
          extra: {
            SEND_CONCURRENCY: String(SEND_CONCURRENCY),
            SMTP_MAX_CONNECTIONS: String(SEND_CONCURRENCY),
          },
        }),
      );
    }
    await Promise.all(notifiers.map((notifier) => notifier.start()));
    token = await logIn(api.url);
  }, 120_000);

  afterAll(async () => {
    // What the processes printed, when a test failed: the restart as each of them saw it.
    if (passed < 2) for (const p of [api, ...notifiers]) console.log(p?.name, p?.output().slice(-4000));
    await Promise.all([...notifiers, api].map((process) => process?.stop('SIGKILL')));
    await sink.stop();
    await cleanSharedRedis(prefix);
    await postgres.destroy();
  });

  /** Crashes Postgres and starts it again after `downMs`. */
  async function crashAndRestart(downMs: number): Promise<void> {
    await postgres.stop('immediate');
    await sleep(downMs);
    await postgres.start();
  }

  it('a reminder run resumes: every due reminder delivered, a duplicate at most per mail in flight', async () => {
    await requestRun(api.url, token);
    await waitUntil('a third of the mail accepted', () => sink.accepted >= REMINDERS / 3, 120_000, 10);
    const restartedAt = sink.accepted;
    await crashAndRestart(1_000 + randomInt(2_000));
    await waitUntilNothingQueued(() => deliveryStates(databaseUrl), 120_000);

    const result = await tally(due, sink);
    console.log(
      `postgres restart: at ${restartedAt} mails; ${result.delivered} of ${REMINDERS} due reminders delivered ` +
        `(${result.missing} missing) in ${result.mails} mails; ${result.duplicates} duplicate mail(s)`,
    );
    expect(result.missing).toBe(0);
    expect(await deliveryStates(databaseUrl)).toEqual({ sent: REMINDERS });
    // A mail the SMTP server took while its "sent" could not be written is sent again: at most one per send in
    // flight when Postgres went away.
    expect(result.duplicates).toBeLessThanOrEqual(NOTIFIERS * SEND_CONCURRENCY);
    for (const process of [api, ...notifiers]) expect(process.running).toBe(true);
    passed += 1;
  }, 300_000);

  it('an import fails clearly, writes no bundle in part, and succeeds when sent again', async () => {
    const organisation = await call(api.url, '/api/v1/organisations', {
      token,
      body: { name: 'Ambulances du redémarrage', identifiers: [] },
    });
    expect(organisation.status).toBe(201);
    const organisationId = organisation.body.id as string;
    const bundles = await pemBundles(BUNDLES, PER_BUNDLE);

    // Postgres goes away once the first write batch (four bundles) is committed: the others are being written.
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    db.on('error', () => undefined);
    const answer = upload(api.url, token, organisationId, bundles);
    let crashedAfter = -1;
    try {
      await waitUntil(
        'the first bundle written',
        async () => {
          const { rows } = await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM certificate WHERE organisation_id = $1`,
            [organisationId],
          );
          crashedAfter = rows[0]!.n;
          return crashedAfter > 0;
        },
        60_000,
        5,
      );
    } finally {
      await db.end().catch(() => undefined);
    }
    await crashAndRestart(1_000);
    const first = await answer;

    // Each bundle is whole or absent, and so is what an import writes beside it (its audit events).
    const written = await bundleCounts(databaseUrl, organisationId, bundles);
    const whole = written.filter((n) => n === PER_BUNDLE).length;
    console.log(
      `postgres restart during an import: after ${crashedAfter} certificates; answered ${first.status} ` +
        `${JSON.stringify(first.body).slice(0, 300)}; ${whole} of ${BUNDLES} bundles written, the rest not at all`,
    );
    for (const n of written) expect([0, PER_BUNDLE]).toContain(n);
    expect(whole).toBeLessThan(BUNDLES);
    // A clear failure: not a success, and words saying what happened and that the import may be sent again.
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(first.body.message).toMatch(/database/i);
    expect(await auditedCertificates(databaseUrl, organisationId)).toBe(whole * PER_BUNDLE);

    // Sent again, it completes: the bundles written before are already there, the others are imported.
    const second = await upload(api.url, token, organisationId, bundles);
    expect(second.status).toBe(200);
    expect(await bundleCounts(databaseUrl, organisationId, bundles)).toEqual(bundles.map(() => PER_BUNDLE));
    expect(await auditedCertificates(databaseUrl, organisationId)).toBe(BUNDLES * PER_BUNDLE);
    for (const process of [api, ...notifiers]) expect(process.running).toBe(true);
    passed += 1;
  }, 300_000);
});

interface Bundle {
  name: string;
  pem: string;
  fingerprints: string[];
}

/** `count` PEM files of `perBundle` eHealth certificates each (EC keys: minting RSA ones would take minutes). */
async function pemBundles(count: number, perBundle: number): Promise<Bundle[]> {
  const pki = await createTestPki();
  const bundles: Bundle[] = [];
  for (let b = 0; b < count; b++) {
    const certificates = [];
    for (let c = 0; c < perBundle; c++) {
      certificates.push(
        await pki.issueEhealthCertificate({
          identifierType: 'CBE',
          identifierValue: withMod97CheckDigits(
            String(1_000_000 + (b * perBundle + c) * 37).padStart(8, '0'),
          ),
          holderName: `RESTART ${b}-${c}`,
          keyAlgorithm: 'EC-P256',
        }),
      );
    }
    bundles.push({
      name: `bundle-${b}.pem`,
      pem: certificates.map((certificate) => certificate.pem).join(''),
      fingerprints: certificates.map((certificate) =>
        createHash('sha256').update(certificate.der).digest('hex'),
      ),
    });
  }
  return bundles;
}

/** POST /api/v1/certificates/import, the bundles as files of one multipart request (force: no identifier check). */
async function upload(
  baseUrl: string,
  token: string,
  organisationId: string,
  bundles: Bundle[],
): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  form.set('organisationId', organisationId);
  form.set('force', 'true');
  for (const bundle of bundles) form.append('files', new Blob([bundle.pem]), bundle.name);
  try {
    const response = await fetch(`${baseUrl}/api/v1/certificates/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, origin: 'https://certdesk.test' },
      body: form,
    });
    const text = await response.text();
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = { text };
    }
    return { status: response.status, body };
  } catch (error) {
    return { status: 0, body: { error: String(error) } };
  }
}

/** How many of each bundle's certificates the organisation's inventory holds. */
async function bundleCounts(
  databaseUrl: string,
  organisationId: string,
  bundles: Bundle[],
): Promise<number[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ fingerprint: string }>(
      `SELECT sha256_fingerprint AS fingerprint FROM certificate WHERE organisation_id = $1`,
      [organisationId],
    );
    const stored = new Set(rows.map((row) => row.fingerprint));
    return bundles.map((bundle) => bundle.fingerprints.filter((f) => stored.has(f)).length);
  } finally {
    await db.end();
  }
}

/** Certificates of the organisation that an audit event says were imported. */
async function auditedCertificates(databaseUrl: string, organisationId: string): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(DISTINCT certificate_id)::int AS n FROM audit_event
        WHERE organisation_id = $1 AND action = 'certificate.imported'`,
      [organisationId],
    );
    return rows[0]!.n;
  } finally {
    await db.end();
  }
}
