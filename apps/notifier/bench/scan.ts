// `npm run bench` (after run.ts): the daily reminder scan on a national inventory. Seeds BENCH_CERTIFICATES (100,000)
// certificates over BENCH_ORGANISATIONS (1,000) organisations with the api bench's seed (apps/api/bench/seed.ts:
// notAfter spread from 200 days expired to 3 years ahead), scans the day before and keeps what it wrote (as earlier
// days' scans would have), then, interleaved for BENCH_SCAN_ROUNDS (9) rounds, one day's scan:
// - the notifier's (ReminderScan.scan: its reads, libs/domain's milestone and readiness rules in JavaScript, the
//   reminders, deliveries and outbox rows it writes, in one transaction), as the daily job runs it;
// - the very same statements with the same values, recorded from the first round and replayed raw through `pg` in
//   one transaction (the ids the recorded INSERTs returned mapped to the replay's own).
// What a round wrote is deleted after it, so every round starts from the same state. `notifier.scan.p99_ratio` is
// the notifier's p99 over the replay's (goal <= 2x). National scale: BENCH_CERTIFICATES=1000000
// BENCH_ORGANISATIONS=10000 (at 1M, one day is ~10,000 reminders over the 10,000 organisations);
// BENCH_SCAN_DATABASE=<url> measures a database the api bench kept (left as it was); BENCH_SCAN_TRACE=1 prints each
// replayed statement's time.
import { loadavg } from 'node:os';
import pg from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { createDataSource } from '@certdesk/persistence';
import { createTestDatabase, type TestDatabase } from '@certdesk/persistence/testing';
import { figure, recordFigures } from '../../../scripts/lib/bench-figures.mjs';
// The api bench's own seed (not the api's code), run in a process of its own.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { seedInChildProcess } from '../../api/bench/seed.js';
import { loadConfig } from '../src/config/config.js';
import { ReminderScan, type ScanCounts } from '../src/scan/reminder-scan.js';
import { testEnv } from '../test/support/harness.js';

const CERTIFICATES = process.env.BENCH_CERTIFICATES ?? '100000';
const ORGANISATIONS = process.env.BENCH_ORGANISATIONS ?? '1000';
const ROUNDS = Number(process.env.BENCH_SCAN_ROUNDS ?? 9);
/** BENCH_SCAN_TRACE=1: each replayed statement's time and rows, the first round. */
let TRACE = process.env.BENCH_SCAN_TRACE === '1';

interface Recorded {
  text: string;
  values: unknown[];
  rows: unknown;
}

/** Every statement the data source's query runners run while `work` runs, with its values and answer. */
async function recording<T>(
  db: DataSource,
  work: () => Promise<T>,
): Promise<{ result: T; statements: Recorded[] }> {
  const statements: Recorded[] = [];
  const create = db.createQueryRunner.bind(db);
  db.createQueryRunner = (...args: Parameters<DataSource['createQueryRunner']>): QueryRunner => {
    const runner = create(...args);
    const query = runner.query.bind(runner) as (
      text: string,
      values?: unknown[],
      ...rest: unknown[]
    ) => Promise<unknown>;
    runner.query = (async (text: string, values?: unknown[], ...rest: unknown[]) => {
      const rows = await query(text, values, ...rest);
      statements.push({ text, values: values ?? [], rows });
      return rows;
    }) as QueryRunner['query'];
    return runner;
  };
  try {
    return { result: await work(), statements };
  } finally {
    db.createQueryRunner = create;
  }
}

const TRANSACTION_CONTROL = /^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SET TRANSACTION)/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The recorded statements again, raw, in one transaction that commits as the scan's does. An INSERT's returned ids
 * are mapped, row by row in order, to the replay's own, and every later value naming one is rewritten: the replay
 * writes the same rows the scan wrote.
 */
async function replay(client: pg.Client, statements: Recorded[]): Promise<number> {
  const ids = new Map<string, string>();
  const remap = (value: unknown): unknown =>
    typeof value === 'string' && ids.has(value)
      ? ids.get(value)
      : Array.isArray(value)
        ? value.map(remap)
        : value;
  const started = performance.now();
  await client.query('BEGIN');
  for (const statement of statements) {
    if (TRANSACTION_CONTROL.test(statement.text)) continue;
    const began = performance.now();
    const result = await client.query(statement.text, statement.values.map(remap));
    if (TRACE) {
      const ms = (performance.now() - began).toFixed(0).padStart(6);
      console.log(
        `${ms} ms ${String(result.rowCount).padStart(7)} rows  ${statement.text.replace(/\s+/g, ' ').slice(0, 90)}`,
      );
    }
    if (Array.isArray(statement.rows)) {
      statement.rows.forEach((row: Record<string, unknown>, i) => {
        const id = row?.id;
        const now = result.rows[i]?.id as unknown;
        if (typeof id === 'string' && UUID.test(id) && typeof now === 'string') ids.set(id, now);
      });
    }
  }
  await client.query('COMMIT');
  return performance.now() - started;
}

/** Deletes what a round wrote: its reminders (their deliveries cascade) and the outbox rows after `outboxFrom`. */
async function undo(client: pg.Client, runId: string, outboxFrom: string): Promise<void> {
  await client.query('DELETE FROM reminder WHERE run_id = $1', [runId]);
  await client.query('DELETE FROM outbox_message WHERE id > $1', [outboxFrom]);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function main(): Promise<void> {
  const reused = process.env.BENCH_SCAN_DATABASE;
  const database: TestDatabase | null = reused ? null : await createTestDatabase();
  const url = reused ?? database!.url;
  if (database) {
    console.log(`seeding ${CERTIFICATES} certificates over ${ORGANISATIONS} organisations...`);
    console.log(
      `seeded in ${(await seedInChildProcess(url, { certificates: CERTIFICATES, organisations: ORGANISATIONS })).toFixed(1)} s`,
    );
  }
  const config = loadConfig(
    testEnv({
      database: { url } as TestDatabase,
      prefix: 'bench-scan',
      smtpUrl: 'smtp://127.0.0.1:9',
      extra: { LOG_LEVEL: 'warn' },
    }),
  );
  // The scan alone, as the scan job builds it, on a data source of its own: no worker or outbox relay runs beside it.
  const dataSource = createDataSource({
    url,
    poolSize: config.databasePoolSize,
    applicationName: 'certdesk-bench',
  });
  await dataSource.initialize();
  const scan = new ReminderScan(dataSource, config);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const [{ total }] = (await client.query(`SELECT count(*)::int AS total FROM certificate`)).rows as [
      { total: number },
    ];
    const now = new Date();
    const newRun = async () =>
      (
        await client.query<{ id: string }>(
          `INSERT INTO reminder_run (trigger) VALUES ('manual') RETURNING id`,
        )
      ).rows[0]!.id;
    const outboxMark = async () =>
      (await client.query<{ id: string }>(`SELECT coalesce(max(id), 0)::text AS id FROM outbox_message`))
        .rows[0]!.id;

    // The day before, scanned and kept: what earlier days' scans left, so that the rounds measure one day's
    // scan (the certificates that reached a milestone or a readiness band today), not a first scan of everything.
    const yesterdayRun = await newRun();
    const yesterdayOutbox = await outboxMark();
    const yesterday = await scan.scan(yesterdayRun, new Date(now.getTime() - 86_400_000));
    console.log(`the day before: ${yesterday.reminders} reminders kept (undone at the end)`);

    // The first scan, recorded: what the replay runs.
    const recordedRun = await newRun();
    const recordedOutbox = await outboxMark();
    const recorded = await recording(dataSource, () => scan.scan(recordedRun, now));
    const counts: ScanCounts = recorded.result;
    await undo(client, recordedRun, recordedOutbox);
    const statements = recorded.statements;
    console.log(
      `${total} certificates: the scan found ${counts.candidates} candidates, wrote ${counts.reminders} reminders ` +
        `and ${counts.deliveries} deliveries in ${statements.filter((s) => !TRANSACTION_CONTROL.test(s.text)).length} ` +
        `statements (load average ${loadavg()[0]!.toFixed(1)})`,
    );

    const scanMs: number[] = [];
    const rawMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const runId = await newRun();
      const outbox = await outboxMark();
      const started = performance.now();
      const again = await scan.scan(runId, now);
      scanMs.push(performance.now() - started);
      if (again.reminders !== counts.reminders)
        throw new Error(
          `round ${round}: the scan wrote ${again.reminders} reminders, the first ${counts.reminders}`,
        );
      await undo(client, runId, outbox);

      const rawOutbox = await outboxMark();
      rawMs.push(await replay(client, statements));
      TRACE = false;
      const [{ n }] = (
        await client.query(`SELECT count(*)::int AS n FROM reminder WHERE run_id = $1`, [recordedRun])
      ).rows as [{ n: number }];
      if (n !== counts.reminders)
        throw new Error(`the replay wrote ${n} reminders, the scan ${counts.reminders}`);
      await undo(client, recordedRun, rawOutbox);
    }
    await undo(client, yesterdayRun, yesterdayOutbox);
    const scanP99 = percentile(scanMs, 99);
    const rawP99 = percentile(rawMs, 99);
    const line = (name: string, values: number[]) =>
      `  ${name}: p50 ${percentile(values, 50).toFixed(0)} ms, p99 ${percentile(values, 99).toFixed(0)} ms`;
    console.log(
      [
        `reminder scan, ${ROUNDS} rounds (load average ${loadavg()[0]!.toFixed(1)}):`,
        line('notifier (ReminderScan.scan)', scanMs),
        line('the same statements raw (pg)', rawMs),
        `ratio notifier / raw at p99: ${(scanP99 / rawP99).toFixed(2)}`,
      ].join('\n'),
    );
    const path = await recordFigures('notifier', [
      figure({ name: 'notifier.scan.p99_ratio', value: scanP99, baseline: rawP99, unit: 'ms', goal: 2 }),
      figure({ name: 'notifier.scan.raw_p99_ms', value: rawP99, unit: 'ms', goal: null }),
      figure({ name: 'notifier.scan.certificates', value: total, unit: 'certificates', goal: null }),
      figure({ name: 'notifier.scan.reminders', value: counts.reminders, unit: 'reminders', goal: null }),
    ]);
    console.log(`figures: ${path}`);
  } finally {
    await client.end();
    await dataSource.destroy();
    await database?.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
