// The benches' seed (the api's bench and the dashboard's): BENCH_CERTIFICATES (100,000) certificates over
// BENCH_ORGANISATIONS (1,000) organisations, written by set-based SQL through the schema's triggers, as the api would
// see them. Run alone on a migrated database, it seeds it and prints {"organisations": [...], "seconds": n}:
// `node --conditions=@certdesk/source --import ./apps/notifier/scripts/register-ts.mjs apps/api/bench/seed.ts
// <database url>`; other packages' benches run it so through seedInChildProcess (test/bench-seed.test.ts).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { brusselsEpochDay, DEFAULT_READINESS_POLICY } from '@certdesk/domain';
import { rollCertificateTallies } from '@certdesk/persistence';

/**
 * The api's TOKEN_SECRET for a bench database, the same at every run on it: the installation's evidence signing key is
 * kept in the database sealed under a key derived from TOKEN_SECRET, so an api started on a kept database
 * (BENCH_REUSE_DATABASE, BENCH_DASHBOARD_DATABASE) with a new random secret could not open it and refused to start.
 * A bench database holds only made-up data.
 */
export function benchTokenSecret(databaseUrl: string): string {
  return createHash('sha256')
    .update(`certdesk bench ${new URL(databaseUrl).pathname}`)
    .digest('hex');
}

export const CERTIFICATES = Number(process.env.BENCH_CERTIFICATES ?? 100_000);
export const ORGANISATIONS = Number(process.env.BENCH_ORGANISATIONS ?? 1_000);

/**
 * Organisations, their contacts, managers and keystores, then the certificates, all in set-based SQL; then the
 * tallies' roll (what the notifier's daily scan runs). Answers the organisations and the certificates' seconds.
 */
export async function seed(
  db: pg.Client,
  { certificates = CERTIFICATES, organisations: organisationCount = ORGANISATIONS } = {},
): Promise<{ organisations: string[]; seconds: number; factsSeconds: number }> {
  const started = performance.now();
  const organisations = await db.query<{ id: string }>(
    `INSERT INTO organisation (name) SELECT 'Bench organisation ' || lpad(g::text, 5, '0')
       FROM generate_series(1, $1) g RETURNING id`,
    [organisationCount],
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
  // Validity spread from 200 days expired to 3 years ahead; 5% superseded, some acceptance or unknown issuers. Issued
  // at the latest when imported (three years before notAfter, or their import for the longest-lived), but one in a
  // thousand valid only from tomorrow (a renewal issued ahead): a real inventory holds few certificates not yet valid,
  // and the overview reads those from their rows (docs/performance.md). In
  // slices, so each statement's trigger sums a bounded set of rows.
  const slice = 250_000;
  for (let from = 1; from <= certificates; from += slice) {
    await db.query(
      `WITH orgs AS (SELECT o AS id, i FROM unnest($1::uuid[]) WITH ORDINALITY AS t(o, i)),
       managers AS (SELECT m.organisation_id, m.person_id FROM membership m),
       keystores AS (SELECT k.organisation_id, k.id FROM keystore k)
       INSERT INTO certificate (organisation_id, sha256_fingerprint, subject, issuer, serial_number, not_before,
         not_after, key_algorithm, der, identifier_type, identifier_value, holder_name, environment, known_type,
         check_digits_valid, manager_id, password_custodian_id, keystore_id, state, imported_at)
       SELECT orgs.id, encode(sha256(g::text::bytea), 'hex'),
              'CN=NIHII-AMBU_SERVICE=' || lpad(g::text, 8, '0') || ',OU=eHealth-platform Belgium,OU=AMBULANCE ' || g
                || ',OU=NIHII-AMBU_SERVICE=' || lpad(g::text, 8, '0') || ',O=Federal Government,C=BE',
              'CN=ZetesConfidens Private Trust PKI - eHealth issuing CA 001,SERIALNUMBER=001,O=ZETES SA,C=BE',
              to_hex(g),
              CASE WHEN v.pick % 1000 = 7 AND v.not_after > now() + interval '2 days' THEN now() + interval '1 day'
                   ELSE least(v.not_after - interval '1095 days', now() - (g % 700) * interval '1 hour') END,
              v.not_after, 'RSA-2048', '\\x00'::bytea,
              'NIHII-AMBU_SERVICE', lpad(g::text, 8, '0'), 'AMBULANCE ' || g,
              CASE WHEN v.pick % 50 = 0 THEN 'acceptance' WHEN v.pick % 97 = 1 THEN 'unknown' ELSE 'production' END,
              true, true, managers.person_id, CASE WHEN v.pick % 10 < 7 THEN managers.person_id END,
              CASE WHEN v.pick % 5 = 2 THEN NULL ELSE keystores.id END,
              CASE WHEN v.pick % 20 = 3 THEN 'superseded' ELSE 'active' END, now() - (g % 700) * interval '1 hour'
         FROM generate_series($3::int, $4::int) g
         JOIN orgs ON orgs.i = (g % $2) + 1
         JOIN managers ON managers.organisation_id = orgs.id
         JOIN keystores ON keystores.organisation_id = orgs.id
        CROSS JOIN LATERAL (
          SELECT now() + ((hashint4(g)::bigint % 1500 + 1500) % 1500 - 200) * interval '1 day'
                       + (g % 86400) * interval '1 second' AS not_after,
                 abs(hashint4(g + 1)) AS pick) v`,
      [ids, ids.length, from, Math.min(certificates, from + slice - 1)],
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
  // Not the certificates' seed (not timed against the COPY), but what recording facts costs on a table not yet
  // analysed: shown beside it.
  await seedReadinessFacts(db);
  const factsSeconds = (performance.now() - started) / 1000 - seconds;
  // The readiness facts rewrote certificates: the day's roll (the notifier's scan) folds those changes in too.
  await rollCertificateTallies(db, new Date(), DEFAULT_READINESS_POLICY);
  await db.query('VACUUM ANALYZE');
  return { organisations: ids, seconds, factsSeconds };
}

/**
 * What renewal readiness reads (libs/domain renewalReadiness), as a kept installation has it: every manager's eID
 * certificate seen, and of the certificates with a password custodian (seven in ten, the custodian their manager),
 * eight in ten opened by the custodian ten days ago. About a quarter of the certificates within the digest horizon
 * are then ready: without these facts none is, and the overview's readiness skipped the work of finding the ready
 * ones (docs/performance.md). Not part of the seed's seconds: they are not certificate rows.
 */
async function seedReadinessFacts(db: pg.Client): Promise<void> {
  await db.query(
    `INSERT INTO person_eid_certificate (person_id, not_after, seen_at, certificate_sha256, seen_via)
     SELECT p.id, now() + interval '5 years', now(), encode(sha256(p.id::text::bytea), 'hex'), 'eid-login' FROM person p`,
  );
  await db.query(
    `INSERT INTO custody_attestation (certificate_id, person_id, checked_at, recorded_at, outcome,
                                      keystore_certificate_fingerprints)
     SELECT c.id, c.password_custodian_id, now() - interval '10 days', now() - interval '10 days', 'opened', '{}'
       FROM certificate c
      WHERE c.password_custodian_id IS NOT NULL AND abs(hashtext(c.id::text || 'attested')) % 10 < 8`,
  );
}

/**
 * The seed's baseline: the same certificate rows, written to a file by the server and loaded back by a raw
 * `COPY ... FROM` into a copy of the table with the same indexes (no triggers, no foreign keys). Seconds of the COPY.
 */
export async function rawCopySeconds(db: pg.Client): Promise<number> {
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

/**
 * This seed in a process of its own on a migrated database, for another package's bench (it is the api's code, run as
 * it runs here): `certificates` over `organisations`. Answers the seed's seconds.
 */
export async function seedInChildProcess(
  databaseUrl: string,
  counts: { certificates: string; organisations: string },
): Promise<number> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@certdesk/source',
      // The benches' TypeScript loader (swc, with the legacy decorators and their metadata the entities need):
      // tsx compiles decorators the TC39 way outside a tsconfig that says otherwise, which TypeORM's cannot take.
      '--import',
      fileURLToPath(new URL('../../notifier/scripts/register-ts.mjs', import.meta.url)),
      fileURLToPath(import.meta.url),
      databaseUrl,
    ],
    {
      env: {
        ...process.env,
        BENCH_CERTIFICATES: counts.certificates,
        BENCH_ORGANISATIONS: counts.organisations,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the seed exited ${code}:\n${output}`);
  return (JSON.parse(output.trim().split('\n').at(-1)!) as { seconds: number }).seconds;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const db = new pg.Client({ connectionString: process.argv[2] });
  await db.connect();
  try {
    console.log(JSON.stringify(await seed(db)));
  } finally {
    await db.end();
  }
}
