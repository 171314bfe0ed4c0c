// `npm run bench`: seeds 100,000 certificates over 1,000 organisations in a fresh database, starts the api
// (dist/main.js, as in production) and measures, under concurrent load, the api's latency for "one organisation's
// renewable certificates" and for the overview summary, beside the very same SQL (the api's own builders) run raw
// through `pg` in the same run, at the same concurrency. Prints p50/p99 and the ratios.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { actorByTokenSql } from '../src/auth/actor-by-token-sql.js';
import { certificateListSql, type Sql } from '../src/certificates/list/certificate-list-sql.js';
import { overviewSql } from '../src/overview/overview-sql.js';

const CERTIFICATES = Number(process.env.BENCH_CERTIFICATES ?? 100_000);
const ORGANISATIONS = Number(process.env.BENCH_ORGANISATIONS ?? 1_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const POOL_SIZE = 10;
const ADMIN = { email: 'bench-admin@certdesk.test', password: 'bench-admin-password' };
// Another build's main.js (e.g. of the commit before a change) measures a baseline in the same conditions.
const main = process.env.BENCH_API_MAIN ?? fileURLToPath(new URL('../dist/main.js', import.meta.url));

const log = (line: string) => console.log(line);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** `concurrency` loops calling `operation` for `seconds` (after a one-second warm-up); latencies in ms. */
async function load(operation: () => Promise<void>, seconds = SECONDS, concurrency = CONCURRENCY) {
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

/** Organisations, their contacts, managers and keystores, then the certificates, all in set-based SQL. */
async function seed(db: pg.Client): Promise<string[]> {
  const started = performance.now();
  if (process.env.BENCH_DEBUG) {
    const query = db.query.bind(db) as (...args: unknown[]) => Promise<unknown>;
    (db as unknown as { query: typeof query }).query = async (...args: unknown[]) => {
      const at = performance.now();
      const result = await query(...args);
      log(`  ${(performance.now() - at).toFixed(0)} ms: ${String(args[0]).trim().split('\n')[0]}`);
      return result;
    };
  }
  const organisations = await db.query<{ id: string }>(
    `INSERT INTO organisation (name) SELECT 'Bench organisation ' || lpad(g::text, 4, '0')
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
  // Validity spread from 200 days expired to 3 years ahead; 5% superseded, some acceptance or unknown issuers.
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
       FROM generate_series(1, $2) g
       JOIN orgs ON orgs.i = (g % $3) + 1
       JOIN managers ON managers.organisation_id = orgs.id
       JOIN keystores ON keystores.organisation_id = orgs.id
      CROSS JOIN LATERAL (
        SELECT now() + ((hashint4(g)::bigint % 1500 + 1500) % 1500 - 200) * interval '1 day'
                     + (g % 86400) * interval '1 second' AS not_after,
               abs(hashint4(g + 1)) AS pick) v`,
    [ids, CERTIFICATES, ids.length],
  );
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
  await db.query('VACUUM ANALYZE');
  log(
    `seeded ${CERTIFICATES.toLocaleString('en')} certificates over ${ids.length.toLocaleString('en')} organisations ` +
      `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return ids;
}

async function startApi(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [main], {
    env: {
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
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the api exited (${child.exitCode}):\n${output.join('')}`);
    try {
      if ((await request(port, 'GET', '/health')).status === 200) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the api did not start within 60 s:\n${output.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface Result {
  name: string;
  api: Awaited<ReturnType<typeof load>>;
  raw: Awaited<ReturnType<typeof load>>;
}

async function compare(
  name: string,
  port: number,
  path: string,
  token: string,
  pool: pg.Pool,
  sql: () => Sql,
) {
  const api = await load(async () => {
    const response = await request(port, 'GET', path, { token });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${response.body}`);
  });
  const raw = await load(async () => {
    const { text, values } = sql();
    await pool.query(text, values);
  });
  return { name, api, raw };
}

async function run(): Promise<void> {
  const name = `certdesk_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const databaseUrl = `${SERVER}/${name}`;
  let api: ChildProcess | undefined;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  try {
    const port = await freePort();
    api = await startApi(databaseUrl, port); // migrates the fresh database
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const organisations = await seed(db);
    await db.end();

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

    // The same answer both ways, so the two columns measure the same work.
    const listPath = `/api/v1/certificates?organisationId=${organisationId}&status=renewable`;
    const listSql = () =>
      certificateListSql(
        { organisationId, statuses: ['renewable'] },
        [organisationId],
        { sort: 'notAfter', direction: 'asc', limit: 51 },
        new Date(),
      );
    const page = await json<{ items: { id: string }[] }>(port, 'GET', listPath, { token: viewerToken });
    const rows = (await pool.query(listSql().text, listSql().values)).rows as { id: string }[];
    if (page.items.map((i) => i.id).join() !== rows.map((r) => r.id).join())
      throw new Error('the api and the raw SQL disagree on the renewable certificates');
    log(
      `one organisation: ${page.items.length} renewable certificates; concurrency ${CONCURRENCY}, ${SECONDS} s each\n`,
    );

    const loadAtStart = loadavg()[0]!;
    // The bearer-token look-up alone: GET /auth/me answers the actor and reads nothing else.
    const [{ token_hash: tokenHash }] = (
      await pool.query<{ token_hash: string }>(
        `SELECT t.token_hash FROM access_token t JOIN app_user u ON u.id = t.user_id WHERE u.email = $1`,
        [viewer.email],
      )
    ).rows as [{ token_hash: string }];
    const results: Result[] = [
      await compare('bearer token -> actor (auth/me)', port, '/api/v1/auth/me', viewerToken, pool, () =>
        actorByTokenSql(tokenHash, new Date()),
      ),
      await compare("one organisation's renewable certificates", port, listPath, viewerToken, pool, listSql),
      await compare('overview summary (all organisations)', port, '/api/v1/overview', adminToken, pool, () =>
        overviewSql(null, new Date()),
      ),
    ];
    const ms = (value: number) => `${value.toFixed(2).padStart(8)} ms`;
    log(
      `${'scenario'.padEnd(44)} ${'api p50'.padStart(11)} ${'api p99'.padStart(11)} ${'pg p50'.padStart(11)} ` +
        `${'pg p99'.padStart(11)} ${'p50 x'.padStart(7)} ${'p99 x'.padStart(7)} ${'api req/s'.padStart(10)}`,
    );
    for (const r of results) {
      log(
        `${r.name.padEnd(44)} ${ms(r.api.p50)} ${ms(r.api.p99)} ${ms(r.raw.p50)} ${ms(r.raw.p99)} ` +
          `${(r.api.p50 / r.raw.p50).toFixed(2).padStart(6)}x ${(r.api.p99 / r.raw.p99).toFixed(2).padStart(6)}x ` +
          `${r.api.perSecond.toFixed(0).padStart(10)}`,
      );
    }
    log('\n(x = api latency / raw pg latency of the same SQL, same concurrency, measured in this run)');
    // Other work on the machine moves every figure: compare runs made at a similar load only.
    log(
      `load average (1 min) ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end; api: ${main}`,
    );
  } finally {
    await pool.end().catch(() => {});
    agent.destroy();
    if (api && api.exitCode === null) {
      const exited = new Promise((resolve) => api!.once('exit', resolve));
      api.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (api.exitCode === null) api.kill('SIGKILL');
    }
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

run()
  .then(runEtkDiscoveryBench)
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
