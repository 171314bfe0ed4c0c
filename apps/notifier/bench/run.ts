// `npm run bench`: 10,000 due certificates over 1,000 organisations (and 20,000 superseded before them, each with
// its closed renewal case) become 1,000 digests, scanned, queued and sent by the notifier (in this process, BullMQ
// on the local Redis, Postgres) to a local SMTP sink (its own process); then the same 1,000 mails, rendered
// beforehand, are sent by a plain pooled nodemailer loop to the same sink. Prints mails per second for both and
// their ratio, measured in this run (`notifier.mails.ratio` in test-output/bench/notifier.json; goal >= 0.7).
// Then bench/scan.ts measures the scan at national scale.
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@certdesk/persistence/testing';
import { figure, recordFigures } from '../../../scripts/lib/bench-figures.mjs';
import { loadConfig } from '../src/config/config.js';
import { MailComposer } from '../src/delivery/mail-composer.js';
import { loadQueuedDeliveries } from '../src/delivery/queued-deliveries.js';
import { startNotifier } from '../src/start-notifier.js';
import { createCertificates, type CertificateInput } from '../test/support/fixtures.js';
import { cleanRedis, DAY, testEnv, testQueuePrefix } from '../test/support/harness.js';

const ORGANISATIONS = 1_000;
const CERTIFICATES = 10_000;
const CONNECTIONS = 10;

const here = dirname(fileURLToPath(import.meta.url));

async function startSink(): Promise<{ url: string; count(): Promise<number>; stop(): void }> {
  const child = fork(join(here, 'smtp-sink.mjs'), { stdio: 'inherit' });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (m) => resolve((m as { port: number }).port)),
  );
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve((m as { count: number }).count));
        child.send('count');
      }),
    stop: () => child.disconnect(),
  };
}

async function seed(db: DataSource, now: Date): Promise<void> {
  const organisations = (await db.query(
    `INSERT INTO organisation (name) SELECT 'Bench organisation ' || n FROM generate_series(1, $1) n RETURNING id`,
    [ORGANISATIONS],
  )) as { id: string }[];
  await db.query(
    `INSERT INTO contact (organisation_id, email, language, generic)
     SELECT id, 'info-' || row_number() OVER () || '@bench.test', 'fr', true FROM unnest($1::uuid[]) AS id`,
    [organisations.map((o) => o.id)],
  );
  const certificates: CertificateInput[] = [];
  for (let i = 0; i < CERTIFICATES; i++) {
    certificates.push({
      organisationId: organisations[i % ORGANISATIONS]!.id,
      // 20 to 29 days left: every one at the 30-day milestone, none urgent.
      notAfter: new Date(now.getTime() + (20 + (i % 10)) * DAY),
    });
  }
  await createCertificates(db, certificates);
  // An installation's history: the two generations before each due certificate, superseded, each renewed through a
  // renewal case now closed. The digests read each line's latest renewal among every case of the installation.
  const history: CertificateInput[] = certificates.flatMap((certificate) =>
    [1, 2].map((generation) => ({
      organisationId: certificate.organisationId,
      notAfter: new Date(certificate.notAfter.getTime() - generation * 3 * 365 * DAY),
      state: 'superseded' as const,
    })),
  );
  await createCertificates(db, history);
  await db.query(
    `INSERT INTO renewal_case (organisation_id, certificate_id, state, opened_at, state_changed_at)
     SELECT organisation_id, id, 'deployments-updated', not_after - interval '60 days', not_after - interval '30 days'
       FROM certificate WHERE state = 'superseded'`,
  );
}

async function main(): Promise<void> {
  const database = await createTestDatabase();
  const sink = await startSink();
  const prefix = testQueuePrefix('bench');
  const config = loadConfig(
    testEnv({
      database,
      prefix,
      smtpUrl: sink.url,
      extra: {
        LOG_LEVEL: 'warn',
        SMTP_MAX_CONNECTIONS: String(CONNECTIONS),
        SEND_CONCURRENCY: String(CONNECTIONS * 2),
        SMTP_RATE_PER_SECOND: '0',
        // The production default: the tests' 2 s job lock expires in a loaded machine's pauses, and the jobs whose
        // lock expired run again (the errors "could not renew lock", then work done twice).
        WORKER_LOCK_MS: '30000',
        // The production default too: the tests poll the outbox every 100 ms, 3 ms of Postgres each time.
        OUTBOX_POLL_MS: '2000',
      },
    }),
  );
  const notifier = await startNotifier(config);
  const db = notifier.app.get(DataSource);
  try {
    const now = new Date();
    await seed(db, now);
    console.log(`seeded ${CERTIFICATES} certificates over ${ORGANISATIONS} organisations`);

    // 1. The notifier: scan, queue, render, send, record.
    // Watched at the sink (its count over IPC costs the measured processes nothing): counting the sent deliveries
    // in Postgres every 20 ms took 0.9 s of the database's CPU from the run it measured. Once the sink has every
    // mail, the last commits are awaited in Postgres.
    const start = performance.now();
    const runId = await notifier.requestRun();
    let scanned = 0;
    const scanFinished = async () =>
      (
        (await db.query(`SELECT finished_at FROM reminder_run WHERE id = $1`, [runId])) as [
          { finished_at: Date | null },
        ]
      )[0].finished_at !== null;
    while ((await sink.count()) < ORGANISATIONS) {
      if (!scanned && (await scanFinished())) scanned = performance.now() - start;
      await sleep(scanned ? 10 : 50);
    }
    for (;;) {
      const [{ sent }] = (await db.query(
        `SELECT count(*)::int AS sent FROM reminder_delivery WHERE state = 'sent'`,
      )) as [{ sent: number }];
      if (sent >= CERTIFICATES) break;
      await sleep(5);
    }
    const engineMs = performance.now() - start;
    const mails = await sink.count();
    if (mails !== ORGANISATIONS)
      throw new Error(`expected ${ORGANISATIONS} digests at the sink, got ${mails}`);

    // 2. The same mails, read back (their deliveries set queued again in a transaction that is rolled back).
    const composer = new MailComposer(config);
    const planned: { to: string; render: () => { subject: string; text: string; html: string } }[] = [];
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query(`UPDATE reminder_delivery SET state = 'queued'`);
      const recipients = (await runner.query(`SELECT DISTINCT recipient FROM reminder_delivery`)) as {
        recipient: string;
      }[];
      for (const { recipient } of recipients) {
        const rows = await loadQueuedDeliveries(runner.manager, recipient);
        const plan = await composer.plan(runner.manager, rows, now, recipient);
        for (const mail of plan.mails) planned.push({ to: recipient, render: mail.render });
      }
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }

    const transport = nodemailer.createTransport({
      pool: true,
      url: sink.url,
      maxConnections: CONNECTIONS,
      maxMessages: Infinity,
    });
    const send = (mails: { to: string; subject: string; text: string; html: string }[]) =>
      Promise.all(mails.map((mail) => transport.sendMail({ from: config.mailFrom, ...mail })));

    // 2a. The baseline: a plain pooled nodemailer loop over the mails, rendered beforehand.
    const rendered = planned.map((p) => ({ to: p.to, ...p.render() }));
    const size = rendered.reduce((sum, m) => sum + m.text.length + m.html.length, 0) / rendered.length;
    const baselineStart = performance.now();
    await send(rendered);
    const baselineMs = performance.now() - baselineStart;

    // 2b. For the record: the same loop rendering each mail with the templates as it goes.
    const renderingStart = performance.now();
    await send(planned.map((p) => ({ to: p.to, ...p.render() })));
    const renderingMs = performance.now() - renderingStart;
    transport.close();
    const total = await sink.count();
    if (total !== 3 * ORGANISATIONS)
      throw new Error(`the sink got ${total} mails, expected ${3 * ORGANISATIONS}`);

    const rate = (count: number, ms: number) => (count * 1000) / ms;
    const engineRate = rate(ORGANISATIONS, engineMs);
    const baselineRate = rate(rendered.length, baselineMs);
    const renderingRate = rate(planned.length, renderingMs);
    console.log(
      [
        `${ORGANISATIONS} digests of ${CERTIFICATES / ORGANISATIONS} certificates, ${Math.round(size / 1024)} KiB of ` +
          `text + HTML each, to a local SMTP sink over ${CONNECTIONS} pooled connections:`,
        `  notifier (scan ${(scanned / 1000).toFixed(2)} s, queue, render, send, record): ` +
          `${(engineMs / 1000).toFixed(2)} s, ${engineRate.toFixed(0)} mails/s`,
        `  baseline, plain pooled nodemailer loop (maxMessages Infinity), mails rendered beforehand: ` +
          `${(baselineMs / 1000).toFixed(2)} s, ${baselineRate.toFixed(0)} mails/s`,
        `  (the same loop rendering each mail as it goes: ${(renderingMs / 1000).toFixed(2)} s, ` +
          `${renderingRate.toFixed(0)} mails/s)`,
        `ratio notifier / baseline: ${(engineRate / baselineRate).toFixed(2)} ` +
          `(against the rendering loop: ${(engineRate / renderingRate).toFixed(2)}; load average ` +
          `${loadavg()[0]!.toFixed(1)})`,
      ].join('\n'),
    );
    const path = await recordFigures('notifier', [
      figure({
        name: 'notifier.mails.ratio',
        value: engineRate,
        baseline: baselineRate,
        unit: 'mails/s',
        goal: 0.7,
        atMost: false,
      }),
      figure({ name: 'notifier.scan_then_send_s', value: engineMs / 1000, unit: 's', goal: null }),
    ]);
    console.log(`figures: ${path}`);
  } finally {
    await notifier.close();
    sink.stop();
    await cleanRedis(prefix);
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
