// `npm run bench`: seeds BENCH_CERTIFICATES (100,000) certificates over BENCH_ORGANISATIONS (1,000) organisations in a
// fresh database, beside a raw COPY of the same rows (the seed's baseline), starts the api (dist/main.js, as in
// production) and measures, at concurrency BENCH_CONCURRENCY (8), each scenario's latency through the api beside the
// very same SQL (the api's own builders) run raw through `pg` in the same run; a bare node:http server's latency under
// the same client is printed beside them. Prints p50/p99 and the ratios, and writes the figures to
// test-output/bench/api.json (scripts/lib/bench-figures.mjs). At national scale:
// BENCH_CERTIFICATES=1000000 BENCH_ORGANISATIONS=10000 npm run bench -- --projects=@certdesk/api
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { brusselsEpochDay } from '@certdesk/domain';
import { figure, recordFigures, type BenchFigure } from '../../../scripts/lib/bench-figures.mjs';
import { actorByTokenSql } from '../src/auth/actor-by-token-sql.js';
import {
  type CertificateFilters,
  certificateCountSql,
  certificateListSql,
  encodeCursor,
  type Sql,
} from '../src/certificates/list/certificate-list-sql.js';
import { overviewSql } from '../src/overview/overview-sql.js';
import { SqlParams } from '../src/certificates/list/sql-params.js';
import { warningGroupsSql } from '../src/warnings/warning-groups-sql.js';
import { warningRowsSql } from '../src/warnings/warnings-sql.js';

const CERTIFICATES = Number(process.env.BENCH_CERTIFICATES ?? 100_000);
const ORGANISATIONS = Number(process.env.BENCH_ORGANISATIONS ?? 1_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const POOL_SIZE = 10;
const PAGE = 50;
const ADMIN = { email: 'bench-admin@certdesk.test', password: 'bench-admin-password' };
// Another build's main.js (e.g. of the commit before a change) measures a baseline in the same conditions.
const main = process.env.BENCH_API_MAIN ?? fileURLToPath(new URL('../dist/main.js', import.meta.url));

const log = (line: string) => console.log(line);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface Latency {
  p50: number;
  p99: number;
  perSecond: number;
}

/** `concurrency` loops calling `operation` for `seconds` (after a one-second warm-up); latencies in ms. */
async function load(
  operation: () => Promise<void>,
  seconds = SECONDS,
  concurrency = CONCURRENCY,
): Promise<Latency> {
  const run = async (until: number, samples: number[] | null) => {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          const started = performance.now();
          await operation();
          samples?.push(performance.now() - started);
        }
      }),
    );
  };
  await run(performance.now() + 1000, null);
  const samples: number[] = [];
  const started = performance.now();
  await run(started + seconds * 1000, samples);
  const elapsed = (performance.now() - started) / 1000;
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), perSecond: samples.length / elapsed };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function request(
  port: number,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function json<T>(
  port: number,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
) {
  const response = await request(port, method, path, options);
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${response.body}`);
  return JSON.parse(response.body) as T;
}

/**
 * Organisations, their contacts, managers and keystores, then the certificates, all in set-based SQL; then the
 * tallies' roll (what the notifier's daily scan runs). Answers the organisations and the certificates' seconds.
 */
async function seed(db: pg.Client): Promise<{ organisations: string[]; seconds: number }> {
  const started = performance.now();
  const organisations = await db.query<{ id: string }>(
    `INSERT INTO organisation (name) SELECT 'Bench organisation ' || lpad(g::text, 5, '0')
       FROM generate_series(1, $1) g RETURNING id`,
    [ORGANISATIONS],
  );
  const ids = organisations.rows.map((r) => r.id);
  await db.query(
    `INSERT INTO contact (organisation_id, email, language, generic)
     SELECT o, 'info' || i || '@bench.test', 'fr', i % 10 <> 0 FROM unnest($1::uuid[]) WITH ORDINALITY AS t(o, i)`,
    [ids],
  );
  await db.query(
    `WITH people AS (
       INSERT INTO person (name) SELECT 'Manager ' || i FROM generate_series(1, $2) i RETURNING id)
     INSERT INTO membership (person_id, organisation_id, employed, roles)
     SELECT p.id, o.o, o.i % 20 <> 0, '{certificate-manager}'
       FROM (SELECT id, row_number() OVER () AS i FROM people) p
       JOIN unnest($1::uuid[]) WITH ORDINALITY AS o(o, i) ON o.i = p.i`,
    [ids, ids.length],
  );
  await db.query(
    `INSERT INTO keystore (organisation_id, file_name, host, path)
     SELECT o, 'NIHII-AMBU_SERVICE=' || i || ' 20240101-120000.p12', CASE WHEN i % 3 = 0 THEN '' ELSE 'PC-' || i END,
            'C:\\ehealth\\keystore'
       FROM unnest($1::uuid[]) WITH ORDINALITY AS t(o, i)`,
    [ids],
  );
  // Validity spread from 200 days expired to 3 years ahead; 5% superseded, some acceptance or unknown issuers. In
  // slices, so each statement's trigger sums a bounded set of rows.
  const slice = 250_000;
  for (let from = 1; from <= CERTIFICATES; from += slice) {
    await db.query(
      `WITH orgs AS (SELECT o AS id, i FROM unnest($1::uuid[]) WITH ORDINALITY AS t(o, i)),
       managers AS (SELECT m.organisation_id, m.person_id FROM membership m),
       keystores AS (SELECT k.organisation_id, k.id FROM keystore k)
       INSERT INTO certificate (organisation_id, sha256_fingerprint, subject, issuer, serial_number, not_before,
         not_after, key_algorithm, der, identifier_type, identifier_value, holder_name, environment, known_type,
         check_digits_valid, manager_id, keystore_id, state, imported_at)
       SELECT orgs.id, encode(sha256(g::text::bytea), 'hex'),
              'CN=NIHII-AMBU_SERVICE=' || lpad(g::text, 8, '0') || ',OU=eHealth-platform Belgium,OU=AMBULANCE ' || g
                || ',OU=NIHII-AMBU_SERVICE=' || lpad(g::text, 8, '0') || ',O=Federal Government,C=BE',
              'CN=ZetesConfidens Private Trust PKI - eHealth issuing CA 001,SERIALNUMBER=001,O=ZETES SA,C=BE',
              to_hex(g), v.not_after - interval '1095 days', v.not_after, 'RSA-2048', '\\x00'::bytea,
              'NIHII-AMBU_SERVICE', lpad(g::text, 8, '0'), 'AMBULANCE ' || g,
              CASE WHEN v.pick % 50 = 0 THEN 'acceptance' WHEN v.pick % 97 = 1 THEN 'unknown' ELSE 'production' END,
              true, true, managers.person_id, CASE WHEN v.pick % 5 = 2 THEN NULL ELSE keystores.id END,
              CASE WHEN v.pick % 20 = 3 THEN 'superseded' ELSE 'active' END, now() - (g % 700) * interval '1 hour'
         FROM generate_series($3::int, $4::int) g
         JOIN orgs ON orgs.i = (g % $2) + 1
         JOIN managers ON managers.organisation_id = orgs.id
         JOIN keystores ON keystores.organisation_id = orgs.id
        CROSS JOIN LATERAL (
          SELECT now() + ((hashint4(g)::bigint % 1500 + 1500) % 1500 - 200) * interval '1 day'
                       + (g % 86400) * interval '1 second' AS not_after,
                 abs(hashint4(g + 1)) AS pick) v`,
      [ids, ids.length, from, Math.min(CERTIFICATES, from + slice - 1)],
    );
  }
  // A third of the renewable certificates have a renewal under way, in one of the three phases.
  await db.query(
    `INSERT INTO renewal_case (organisation_id, certificate_id, state, opened_at, state_changed_at)
     SELECT c.organisation_id, c.id,
            (ARRAY['phase1-sent', 'phase2-completed', 'phase3-etk-activated'])[1 + abs(hashtext(c.id::text)) % 3],
            now(), now()
       FROM certificate c
      WHERE c.state = 'active' AND c.not_after > now() AND c.not_after < now() + interval '90 days'
        AND abs(hashtext(c.id::text)) % 3 = 0`,
  );
  await db.query('SELECT certificate_tally_roll($1)', [brusselsEpochDay(new Date())]);
  const seconds = (performance.now() - started) / 1000;
  await db.query('VACUUM ANALYZE');
  return { organisations: ids, seconds };
}

/**
 * The seed's baseline: the same certificate rows, written to a file by the server and loaded back by a raw
 * `COPY ... FROM` into a copy of the table with the same indexes (no triggers, no foreign keys). Seconds of the COPY.
 */
async function rawCopySeconds(db: pg.Client): Promise<number> {
  const file = join(tmpdir(), `certdesk-bench-${process.pid}.copy`);
  await db.query(`COPY certificate TO '${file}'`);
  await db.query('CREATE TABLE bench_certificate_copy (LIKE certificate INCLUDING ALL)');
  try {
    const started = performance.now();
    await db.query(`COPY bench_certificate_copy FROM '${file}'`);
    return (performance.now() - started) / 1000;
  } finally {
    await db.query('DROP TABLE bench_certificate_copy');
    await db.query(`COPY (SELECT 1) TO PROGRAM 'rm -f ${file}'`);
  }
}

function startProcess(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
}

async function waitForHealth(child: ChildProcess, port: number, path: string): Promise<void> {
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}):\n${output.join('')}`);
    try {
      if ((await request(port, 'GET', path)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`did not start within 60 s:\n${output.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function startApi(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = startProcess([main], {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    TOKEN_SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
  });
  await waitForHealth(child, port, '/health');
  return child;
}

/** The floor: a bare node:http server answering a small JSON, on this machine, under the same client. */
async function startBareHttp(port: number): Promise<ChildProcess> {
  const child = startProcess(
    [
      '-e',
      `require('node:http').createServer((req, res) => { const body = JSON.stringify({ ok: true, path: req.url });
         res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
         res.end(body); }).listen(${port}, '127.0.0.1')`,
    ],
    { PATH: process.env.PATH },
  );
  await waitForHealth(child, port, '/');
  return child;
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

interface Scenario {
  name: string;
  /** The figure's name in api.json, for the p99 ratio. */
  figure: string;
  path: string;
  token: string;
  /** The statements the api runs for this answer (run together, as it does). */
  sql: () => Sql[];
}

interface Result {
  scenario: Scenario;
  api: Latency;
  raw: Latency;
}

async function compare(port: number, pool: pg.Pool, scenario: Scenario): Promise<Result> {
  const api = await load(async () => {
    const response = await request(port, 'GET', scenario.path, { token: scenario.token });
    if (response.status !== 200) throw new Error(`${scenario.path}: ${response.status} ${response.body}`);
  });
  const raw = await load(async () => {
    await Promise.all(scenario.sql().map(({ text, values }) => pool.query(text, values)));
  });
  return { scenario, api, raw };
}

/** A list scenario: the api's page query and its count, as CertificateSearch runs them. */
function listSql(
  filters: CertificateFilters,
  visible: string[] | null,
  after?: { keys: string[]; id: string },
) {
  return () => {
    const now = new Date();
    return [
      certificateListSql(
        filters,
        visible,
        { sort: 'notAfter', direction: 'asc', limit: PAGE + 1, ...(after ? { after } : {}) },
        now,
      ),
      certificateCountSql(filters, visible, now),
    ];
  };
}

async function run(): Promise<void> {
  const name = `certdesk_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const databaseUrl = `${SERVER}/${name}`;
  let api: ChildProcess | undefined;
  let bare: ChildProcess | undefined;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  const figures: BenchFigure[] = [];
  try {
    const port = await freePort();
    api = await startApi(databaseUrl, port); // migrates the fresh database
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    let seeded: Awaited<ReturnType<typeof seed>>;
    let copySeconds: number;
    try {
      seeded = await seed(db);
      copySeconds = await rawCopySeconds(db);
    } finally {
      await db.end();
    }
    const organisations = seeded.organisations;
    const seedRate = CERTIFICATES / seeded.seconds;
    const copyRate = CERTIFICATES / copySeconds;
    log(
      `seeded ${CERTIFICATES.toLocaleString('en')} certificates over ${organisations.length.toLocaleString('en')} ` +
        `organisations in ${seeded.seconds.toFixed(1)} s (${seedRate.toFixed(0)}/s, triggers and tallies included); ` +
        `raw COPY of the same rows ${copySeconds.toFixed(1)} s (${copyRate.toFixed(0)}/s): ` +
        `${(seedRate / copyRate).toFixed(2)}x`,
    );
    figures.push(
      figure({
        name: 'api.seed.ratio',
        value: seedRate,
        unit: 'certificates/s',
        baseline: copyRate,
        goal: 0.5,
        atMost: false,
      }),
    );

    const { accessToken: adminToken } = await json<{ accessToken: string }>(
      port,
      'POST',
      '/api/v1/auth/login',
      {
        body: ADMIN,
      },
    );
    const organisationId = organisations[0]!;
    const viewer = { email: 'bench-viewer@certdesk.test', password: 'bench-viewer-password' };
    await json(port, 'POST', '/api/v1/users', {
      token: adminToken,
      body: { ...viewer, name: 'Bench Viewer', roles: [{ role: 'viewer', organisationId }] },
    });
    const { accessToken: viewerToken } = await json<{ accessToken: string }>(
      port,
      'POST',
      '/api/v1/auth/login',
      {
        body: viewer,
      },
    );
    const [{ token_hash: tokenHash }] = (
      await pool.query<{ token_hash: string }>(
        `SELECT t.token_hash FROM access_token t JOIN app_user u ON u.id = t.user_id WHERE u.email = $1`,
        [viewer.email],
      )
    ).rows as [{ token_hash: string }];
    // Deep in the whole list: the page after the middle certificate, by notAfter.
    const [middle] = (
      await pool.query<{ key: string; id: string }>(
        `SELECT not_after::text AS key, id FROM certificate WHERE state = 'active'
          ORDER BY not_after, id OFFSET $1 LIMIT 1`,
        [Math.floor(CERTIFICATES / 2)],
      )
    ).rows as [{ key: string; id: string }];
    const deep = { keys: [middle.key], id: middle.id };
    const query = 'AMBULANCE 4242';
    const filtered: CertificateFilters = {
      statuses: ['renewable'],
      environments: ['production'],
      identifierTypes: ['NIHII-AMBU_SERVICE'],
    };

    // The same answer both ways, so the two columns measure the same work.
    const renewablePath = `/api/v1/certificates?organisationId=${organisationId}&status=renewable`;
    const renewableSql = listSql({ organisationId, statuses: ['renewable'] }, [organisationId]);
    const page = await json<{ items: { id: string }[] }>(port, 'GET', renewablePath, { token: viewerToken });
    const [rows] = await Promise.all(renewableSql().map(({ text, values }) => pool.query(text, values)));
    if (
      page.items.map((i) => i.id).join() !==
      (rows!.rows as { id: string }[])
        .slice(0, PAGE)
        .map((r) => r.id)
        .join()
    )
      throw new Error('the api and the raw SQL disagree on the renewable certificates');

    const warnings = () => {
      const params = new SqlParams();
      return [
        { text: `SELECT w.* FROM (${warningRowsSql(params, null, new Date())}) w`, values: params.values },
      ];
    };
    const warningGroups = () => {
      const params = new SqlParams();
      const text = warningGroupsSql(params, null, new Date(), undefined, {
        limit: 20,
        offset: 0,
        items: 10,
        itemsOffset: 0,
      });
      return [{ text, values: params.values }];
    };
    const scenarios: Scenario[] = [
      {
        name: 'bearer token -> actor (auth/me)',
        figure: 'api.auth.p99_ratio',
        path: '/api/v1/auth/me',
        token: viewerToken,
        sql: () => [actorByTokenSql(tokenHash, new Date())],
      },
      {
        name: "one organisation's renewable certificates",
        figure: 'api.list.p99_ratio',
        path: renewablePath,
        token: viewerToken,
        sql: renewableSql,
      },
      {
        name: 'filtered: renewable production ambulances',
        figure: 'api.list_filtered.p99_ratio',
        path: '/api/v1/certificates?status=renewable&environment=production&identifierType=NIHII-AMBU_SERVICE',
        token: adminToken,
        sql: listSql(filtered, null),
      },
      {
        name: `searched: q=${query}`,
        figure: 'api.search.p99_ratio',
        path: `/api/v1/certificates?q=${encodeURIComponent(query)}`,
        token: adminToken,
        sql: listSql({ q: query }, null),
      },
      {
        name: 'keyset page in the middle of every certificate',
        figure: 'api.list_deep.p99_ratio',
        path: `/api/v1/certificates?cursor=${encodeCursor('notAfter', 'asc', deep)}`,
        token: adminToken,
        sql: listSql({}, null, deep),
      },
      {
        name: 'overview summary (all organisations)',
        figure: 'api.overview.p99_ratio',
        path: '/api/v1/overview',
        token: adminToken,
        sql: () => [overviewSql(null, new Date())],
      },
      {
        name: 'overview of one organisation',
        figure: 'api.overview_organisation.p99_ratio',
        path: `/api/v1/overview?organisationId=${organisationId}`,
        token: viewerToken,
        sql: () => [overviewSql([organisationId], new Date())],
      },
    ];
    if (process.env.BENCH_WARNINGS !== 'false') {
      scenarios.push(
        {
          name: 'warnings (all organisations)',
          figure: 'api.warnings.p99_ratio',
          path: '/api/v1/warnings',
          token: adminToken,
          sql: warnings,
        },
        {
          name: 'warnings grouped, first page',
          figure: 'api.warning_groups.p99_ratio',
          path: '/api/v1/warnings/groups',
          token: adminToken,
          sql: warningGroups,
        },
      );
    }
    log(`concurrency ${CONCURRENCY}, ${SECONDS} s each\n`);
    const loadAtStart = loadavg()[0]!;
    const results: Result[] = [];
    for (const scenario of scenarios) results.push(await compare(port, pool, scenario));
    await stop(api);
    api = undefined;
    const barePort = await freePort();
    bare = await startBareHttp(barePort);
    const floor = await load(async () => {
      if ((await request(barePort, 'GET', '/api/v1/auth/me')).status !== 200)
        throw new Error('bare node:http');
    });

    const ms = (value: number) => `${value.toFixed(2).padStart(8)} ms`;
    log(
      `${'scenario'.padEnd(48)} ${'api p50'.padStart(11)} ${'api p99'.padStart(11)} ${'pg p50'.padStart(11)} ` +
        `${'pg p99'.padStart(11)} ${'p50 x'.padStart(7)} ${'p99 x'.padStart(7)} ${'api req/s'.padStart(10)}`,
    );
    for (const { scenario, api: a, raw } of results) {
      log(
        `${scenario.name.padEnd(48)} ${ms(a.p50)} ${ms(a.p99)} ${ms(raw.p50)} ${ms(raw.p99)} ` +
          `${(a.p50 / raw.p50).toFixed(2).padStart(6)}x ${(a.p99 / raw.p99).toFixed(2).padStart(6)}x ` +
          `${a.perSecond.toFixed(0).padStart(10)}`,
      );
      figures.push(figure({ name: scenario.figure, value: a.p99, unit: 'ms', baseline: raw.p99, goal: 2 }));
      if (scenario.figure.startsWith('api.overview') || scenario.figure.startsWith('api.warning'))
        figures.push(
          figure({
            name: scenario.figure.replace('p99_ratio', 'raw_p99_ms'),
            value: raw.p99,
            unit: 'ms',
            goal: 50,
          }),
        );
    }
    log(
      `${'bare node:http, same client (the floor)'.padEnd(48)} ${ms(floor.p50)} ${ms(floor.p99)} ${''.padStart(35)}` +
        `${floor.perSecond.toFixed(0).padStart(10)}`,
    );
    figures.push(figure({ name: 'api.node_http.p99_ms', value: floor.p99, unit: 'ms', goal: null }));
    log('\n(x = api latency / raw pg latency of the same SQL, same concurrency, measured in this run)');
    // Other work on the machine moves every figure: compare runs made at a similar load only.
    log(
      `load average (1 min) ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end; api: ${main}`,
    );
    log(`figures: ${await recordFigures('api', figures)}`);
    const missed = figures.filter((f) => f.met === false).map((f) => f.name);
    if (missed.length) log(`goals not met: ${missed.join(', ')}`);
  } finally {
    await pool.end().catch(() => {});
    agent.destroy();
    await stop(api);
    await stop(bare);
    if (process.env.BENCH_KEEP_DATABASE) log(`kept the database: ${databaseUrl}`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** The ETK directory's discovery bench (bench/etk-discovery.ts), in a process of its own compiled by swc. */
function runEtkDiscoveryBench(): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@certdesk/source',
      '--import',
      fileURLToPath(new URL('../../notifier/scripts/register-ts.mjs', import.meta.url)),
      fileURLToPath(new URL('./etk-discovery.ts', import.meta.url)),
    ],
    { stdio: 'inherit' },
  );
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the ETK discovery bench exited ${code}`)),
    ),
  );
}

// BENCH_ETK=false skips the ETK discovery bench (e.g. for the national-scale run alone).
run()
  .then(() => (process.env.BENCH_ETK === 'false' ? undefined : runEtkDiscoveryBench()))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
