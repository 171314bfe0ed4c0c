// `npm run bench`: seeds BENCH_CERTIFICATES (100,000) certificates over BENCH_ORGANISATIONS (1,000) organisations in a
// fresh database, beside a raw COPY of the same rows (the seed's baseline), starts the api (dist/main.js, as in
// production) and measures, at concurrency BENCH_CONCURRENCY (8), each scenario's latency through the api beside the
// very same SQL (the api's own builders) run raw through `pg` in the same run; a bare node:http server's latency under
// the same client is printed beside them. The overviews' and the warnings' raw SQL (goal 50 ms) is also measured one
// request at a time (`*.raw_alone_p99_ms`): its own latency, without the queue of concurrency 8. Prints p50/p99 and
// the ratios, and writes the figures to test-output/bench/api.json (scripts/lib/bench-figures.mjs). At national scale:
// BENCH_CERTIFICATES=1000000 BENCH_ORGANISATIONS=10000 npm run bench -- --projects=@certdesk/api
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { figure, recordFigures, type BenchFigure } from '../../../scripts/lib/bench-figures.mjs';
import { actorByTokenSql } from '../src/auth/actor-by-token-sql.js';
import {
  type CertificateFilters,
  certificateCountSql,
  certificateListSql,
  encodeCursor,
  type Sql,
} from '../src/certificates/list/certificate-list-sql.js';
import { DEFAULT_READINESS_POLICY } from '@certdesk/domain';
import { CUSTOM_PLANS_SQL, readinessFactsStatement, WITHOUT_JIT_SQL } from '@certdesk/persistence';
import { notReadyWithinHorizonSql } from '../src/certificates/readiness/readiness-sql.js';
import {
  NOT_READY_ORGANISATIONS_LIMIT,
  OVERVIEW_SETTINGS_SQL,
  overviewSql,
} from '../src/overview/overview-sql.js';
import { benchTokenSecret, CERTIFICATES, rawCopySeconds, seed } from './seed.js';
import { SqlParams } from '../src/certificates/list/sql-params.js';
import { warningGroupsSql } from '../src/warnings/warning-groups-sql.js';
import { rankedWarningsStatement } from '../src/warnings/ranked-warnings-sql.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
/**
 * Before the first scenario, the api answers every scenario's request for this long: in the first seconds after a
 * start V8 is still compiling the api's request path (`auth/me`, measured first, had a p99 twice its later one).
 */
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 5);
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

/**
 * One request on the keep-alive agent. A GET that fails with ECONNRESET on a reused socket is sent once more: the api
 * closed that idle connection (node's keepAliveTimeout) just as the agent picked it (node's documented race, which
 * a run at 1M hit after minutes of seeding); anything else, or a second failure, is the bench's error.
 */
async function request(
  port: number,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: string }> {
  try {
    return await requestOnce(port, method, path, options);
  } catch (error) {
    const reused = (error as { reusedSocket?: boolean }).reusedSocket === true;
    if (method !== 'GET' || !reused || (error as NodeJS.ErrnoException).code !== 'ECONNRESET') throw error;
    return requestOnce(port, method, path, options);
  }
}

function requestOnce(
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
    req.on('error', (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
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
    TOKEN_SECRET: benchTokenSecret(databaseUrl),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
  });
  await waitForHealth(child, port, '/health');
  return child;
}

/**
 * The floor: a bare node:http server on this machine, under the same client, answering a small JSON; given a
 * statement, it runs that statement on a pool of the api's size for each request under /api/ and answers its first
 * row (what any server of the api's statement must at least do: the floor of `auth/me`).
 */
async function startBareHttp(
  port: number,
  options: { databaseUrl: string; statement: Sql } | null = null,
): Promise<ChildProcess> {
  const child = startProcess(
    [
      '-e',
      `const pg = require(process.env.FLOOR_PG);
       const statement = process.env.FLOOR_STATEMENT ? JSON.parse(process.env.FLOOR_STATEMENT) : null;
       const pool = statement ? new pg.Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: ${POOL_SIZE} }) : null;
       const answer = (res, body) => {
         res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
         res.end(body);
       };
       require('node:http').createServer((req, res) => {
         if (!pool || !req.url.startsWith('/api/')) return answer(res, JSON.stringify({ ok: true, path: req.url }));
         pool.query(statement).then(
           ({ rows }) => answer(res, JSON.stringify(rows[0] ?? null)),
           (error) => { res.writeHead(500); res.end(String(error)); });
       }).listen(${port}, '127.0.0.1')`,
    ],
    {
      PATH: process.env.PATH,
      FLOOR_PG: createRequire(import.meta.url).resolve('pg'),
      ...(options
        ? { FLOOR_DATABASE_URL: options.databaseUrl, FLOOR_STATEMENT: JSON.stringify(options.statement) }
        : {}),
    },
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
  /** Statements the api runs after the first of those, from its rows, while the others may still run. */
  then?: (first: pg.QueryResult) => Sql[];
  /** Settings the api makes first, in the statements' transaction (SET LOCAL ...). */
  settings?: string;
  /** Statements the api runs beside those, at the same time on another connection. */
  beside?: () => Sql[];
  /** Settings the api makes first in the transaction of those beside (SET LOCAL ...). */
  besideSettings?: string;
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
    await Promise.all([runRaw(pool, scenario), runBeside(pool, scenario)]);
  });
  return { scenario, api, raw };
}

/** The scenarios whose raw SQL has the 50 ms goal: the overviews and the warnings. */
function hasRawGoal(scenario: Scenario): boolean {
  return scenario.figure.startsWith('api.overview') || scenario.figure.startsWith('api.warning');
}

/** A scenario's statements, raw, as the api runs them (without those it runs beside them). */
async function runRaw(pool: pg.Pool, scenario: Scenario): Promise<void> {
  if (!scenario.settings) {
    // As the api sends them, a prepared statement's name included.
    await Promise.all(
      scenario.sql().map(async (statement, index) => {
        const result = await pool.query(statement);
        if (index === 0) for (const next of scenario.then?.(result) ?? []) await pool.query(next);
      }),
    );
    return;
  }
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(scenario.settings);
    // As the api sends them, a prepared statement's name included.
    for (const statement of scenario.sql()) await client.query(statement);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

async function runBeside(pool: pg.Pool, scenario: Scenario): Promise<void> {
  await Promise.all(
    (scenario.beside?.() ?? []).map(async ({ text, values }) => {
      if (!scenario.besideSettings) return pool.query(text, values);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(scenario.besideSettings);
        await client.query(text, values);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    }),
  );
}

/**
 * After a list page, what CertificateSearch runs next while the count may still run: the readiness facts of the
 * page's active certificates, one named prepared statement (readinessFactsStatement).
 */
function pageReadiness(page: pg.QueryResult): Sql[] {
  const active = (page.rows as { id: string; state: string }[])
    .slice(0, PAGE)
    .filter((row) => row.state === 'active')
    .map((row) => row.id);
  return active.length ? [readinessFactsStatement(active)] : [];
}

/** A list scenario: the api's page query and its count, as CertificateSearch runs them (then pageReadiness). */
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
  // BENCH_REUSE_DATABASE: the name of a database an earlier run seeded and kept (BENCH_KEEP_DATABASE=1): measured
  // as it is (after a change to the api or its SQL, without seeding again), and kept; no seed figure.
  const reused = process.env.BENCH_REUSE_DATABASE;
  const name = reused ?? `certdesk_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  if (!reused) await admin.query(`CREATE DATABASE ${name}`);
  const databaseUrl = `${SERVER}/${name}`;
  let api: ChildProcess | undefined;
  let bare: ChildProcess | undefined;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  const figures: BenchFigure[] = [];
  try {
    const port = await freePort();
    api = await startApi(databaseUrl, port); // migrates a fresh database
    let organisations: string[];
    if (reused) {
      organisations = (
        await pool.query<{ id: string }>(
          `SELECT id FROM organisation WHERE name LIKE 'Bench organisation %' ORDER BY name`,
        )
      ).rows.map((r) => r.id);
      log(`the database ${name} as it is (BENCH_REUSE_DATABASE): ${organisations.length} organisations`);
    } else {
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
      organisations = seeded.organisations;
      const seedRate = CERTIFICATES / seeded.seconds;
      const copyRate = CERTIFICATES / copySeconds;
      log(
        `seeded ${CERTIFICATES.toLocaleString('en')} certificates over ${organisations.length.toLocaleString('en')} ` +
          `organisations in ${seeded.seconds.toFixed(1)} s (${seedRate.toFixed(0)}/s, triggers and tallies included); ` +
          `raw COPY of the same rows ${copySeconds.toFixed(1)} s (${copyRate.toFixed(0)}/s): ` +
          `${(seedRate / copyRate).toFixed(2)}x; then every manager's eID and the custodians' attestations in ` +
          `${seeded.factsSeconds.toFixed(1)} s`,
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
    }

    const { accessToken: adminToken } = await json<{ accessToken: string }>(
      port,
      'POST',
      '/api/v1/auth/login',
      {
        body: ADMIN,
      },
    );
    const organisationId = organisations[0]!;
    // Of this run (a reused database holds the viewers of the runs before).
    const viewer = { email: `bench-viewer-${Date.now()}@certdesk.test`, password: 'bench-viewer-password' };
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

    // The api's statement for its default limit, a named prepared one as WarningsRepository runs it.
    const warnings = () => [rankedWarningsStatement(null, new Date(), undefined, 1000)];
    const warningGroups = (muted: 'include' | 'exclude') => () => {
      const params = new SqlParams();
      const text = warningGroupsSql(params, null, new Date(), undefined, {
        limit: 20,
        offset: 0,
        items: 10,
        itemsOffset: 0,
        muted,
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
        then: pageReadiness,
      },
      {
        name: 'filtered: renewable production ambulances',
        figure: 'api.list_filtered.p99_ratio',
        path: '/api/v1/certificates?status=renewable&environment=production&identifierType=NIHII-AMBU_SERVICE',
        token: adminToken,
        sql: listSql(filtered, null),
        then: pageReadiness,
      },
      {
        // Readiness's facts looked up per certificate: joined, Postgres sorted every match and rescanned the eID
        // certificates for each (past 60 s at 1M with the seed's readiness facts).
        name: 'filtered: ready for renewal',
        figure: 'api.list_ready.p99_ratio',
        path: '/api/v1/certificates?readiness=ready',
        token: adminToken,
        sql: listSql({ readiness: 'ready' }, null),
        then: pageReadiness,
      },
      {
        name: `searched: q=${query}`,
        figure: 'api.search.p99_ratio',
        path: `/api/v1/certificates?q=${encodeURIComponent(query)}`,
        token: adminToken,
        sql: listSql({ q: query }, null),
        then: pageReadiness,
      },
      {
        name: 'keyset page in the middle of every certificate',
        figure: 'api.list_deep.p99_ratio',
        path: `/api/v1/certificates?cursor=${encodeCursor('notAfter', 'asc', deep)}`,
        token: adminToken,
        sql: listSql({}, null, deep),
        then: pageReadiness,
      },
      {
        // As the dashboard asks for every page but the first: the first page's total stands.
        name: 'the same page, not counted (count=false)',
        figure: 'api.list_deep_uncounted.p99_ratio',
        path: `/api/v1/certificates?cursor=${encodeCursor('notAfter', 'asc', deep)}&count=false`,
        token: adminToken,
        sql: () => listSql({}, null, deep)().slice(0, 1),
        then: pageReadiness,
      },
      {
        name: 'overview summary (all organisations)',
        figure: 'api.overview.p99_ratio',
        path: '/api/v1/overview',
        token: adminToken,
        sql: () => [overviewSql(null, new Date())],
        settings: OVERVIEW_SETTINGS_SQL,
        // The readiness of the same request (issue 14): the api runs it beside the summary.
        beside: () => [
          notReadyWithinHorizonSql(null, DEFAULT_READINESS_POLICY, new Date(), NOT_READY_ORGANISATIONS_LIMIT),
        ],
        besideSettings: WITHOUT_JIT_SQL,
      },
      {
        name: 'overview of one organisation',
        figure: 'api.overview_organisation.p99_ratio',
        path: `/api/v1/overview?organisationId=${organisationId}`,
        token: viewerToken,
        sql: () => [overviewSql([organisationId], new Date())],
        settings: OVERVIEW_SETTINGS_SQL,
        beside: () => [
          notReadyWithinHorizonSql(
            [organisationId],
            DEFAULT_READINESS_POLICY,
            new Date(),
            NOT_READY_ORGANISATIONS_LIMIT,
          ),
        ],
        besideSettings: WITHOUT_JIT_SQL,
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
          settings: `${WITHOUT_JIT_SQL}; ${CUSTOM_PLANS_SQL}`,
        },
        {
          name: 'warnings grouped, first page',
          figure: 'api.warning_groups.p99_ratio',
          path: '/api/v1/warnings/groups',
          token: adminToken,
          sql: warningGroups('include'),
          settings: WITHOUT_JIT_SQL,
        },
        {
          // The dashboard's "hide muted": counted every warning until the tallies served it too.
          name: 'warnings grouped, muted left out',
          figure: 'api.warning_groups_unmuted.p99_ratio',
          path: '/api/v1/warnings/groups?muted=exclude',
          token: adminToken,
          sql: warningGroups('exclude'),
          settings: WITHOUT_JIT_SQL,
        },
      );
    }
    log(
      `concurrency ${CONCURRENCY}, ${SECONDS} s each, after ${WARM_UP_SECONDS} s of every scenario's requests\n`,
    );
    let next = 0;
    await load(async () => {
      const scenario = scenarios[next++ % scenarios.length]!;
      const response = await request(port, 'GET', scenario.path, { token: scenario.token });
      if (response.status !== 200) throw new Error(`${scenario.path}: ${response.status} ${response.body}`);
    }, WARM_UP_SECONDS);
    const loadAtStart = loadavg()[0]!;
    const results: Result[] = [];
    for (const scenario of scenarios) results.push(await compare(port, pool, scenario));
    // The overview's two statements apart, raw: the summary (goal 50 ms) and the readiness run beside it.
    const parts: { name: string; latency: Latency }[] = [];
    for (const { scenario } of results.filter((r) => r.scenario.beside)) {
      const alone = { ...scenario, beside: undefined };
      parts.push({
        name: scenario.figure.replace('p99_ratio', 'summary_raw_p99_ms'),
        latency: await load(() => runRaw(pool, alone)),
      });
      parts.push({
        name: scenario.figure.replace('p99_ratio', 'readiness_raw_p99_ms'),
        latency: await load(() => runBeside(pool, scenario)),
      });
    }
    // The same statements one at a time: the SQL's own latency, without seven others queued beside it on the
    // machine's cores (at concurrency 8 on two cores each waits for about four).
    const alone: { name: string; latency: Latency }[] = [];
    for (const { scenario } of results.filter((r) => hasRawGoal(r.scenario)))
      alone.push({
        name: scenario.figure.replace('p99_ratio', 'raw_alone_p99_ms'),
        latency: await load(
          () => Promise.all([runRaw(pool, scenario), runBeside(pool, scenario)]).then(() => {}),
          SECONDS,
          1,
        ),
      });
    await stop(api);
    api = undefined;
    const barePort = await freePort();
    bare = await startBareHttp(barePort);
    const floor = await load(async () => {
      if ((await request(barePort, 'GET', '/health')).status !== 200) throw new Error('bare node:http');
    });
    await stop(bare);
    // The same server running the token's statement: what `auth/me` costs with no framework, no guard, no Nest.
    const statementPort = await freePort();
    bare = await startBareHttp(statementPort, {
      databaseUrl,
      statement: actorByTokenSql(tokenHash, new Date()),
    });
    const statementFloor = await load(async () => {
      const response = await request(statementPort, 'GET', '/api/v1/auth/me');
      if (response.status !== 200 || !JSON.parse(response.body))
        throw new Error(`bare node:http + pg: ${response.status} ${response.body}`);
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
      if (hasRawGoal(scenario))
        figures.push(
          figure({
            name: scenario.figure.replace('p99_ratio', 'raw_p99_ms'),
            value: raw.p99,
            unit: 'ms',
            goal: 50,
          }),
        );
    }
    for (const { name, latency } of [...parts, ...alone]) {
      log(`${name.padEnd(48)} ${''.padStart(23)} ${ms(latency.p50)} ${ms(latency.p99)}`);
      figures.push(figure({ name, value: latency.p99, unit: 'ms', goal: 50 }));
    }
    log(
      `${'bare node:http, same client (the floor)'.padEnd(48)} ${ms(floor.p50)} ${ms(floor.p99)} ${''.padStart(35)}` +
        `${floor.perSecond.toFixed(0).padStart(10)}`,
    );
    figures.push(figure({ name: 'api.node_http.p99_ms', value: floor.p99, unit: 'ms', goal: null }));
    const authRaw = results.find((r) => r.scenario.figure === 'api.auth.p99_ratio')!.raw;
    log(
      `${"bare node:http + pg, the token's statement".padEnd(48)} ${ms(statementFloor.p50)} ${ms(statementFloor.p99)} ` +
        `${ms(authRaw.p50)} ${ms(authRaw.p99)} ${(statementFloor.p50 / authRaw.p50).toFixed(2).padStart(6)}x ` +
        `${(statementFloor.p99 / authRaw.p99).toFixed(2).padStart(6)}x ${statementFloor.perSecond.toFixed(0).padStart(10)}`,
    );
    // No goal: what the 2x for `auth/me` leaves to the api over the least any HTTP server of it costs here.
    figures.push(
      figure({
        name: 'api.auth.floor_p99_ratio',
        value: statementFloor.p99,
        unit: 'ms',
        baseline: authRaw.p99,
        goal: null,
      }),
    );
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
    if (process.env.BENCH_KEEP_DATABASE || reused) log(`kept the database: ${databaseUrl}`);
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
