import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import {
  brusselsDate,
  brusselsEpochDay,
  CERTIFICATE_STATUSES,
  certificateStatus,
  daysLeft,
  EHEALTH_IDENTIFIER_TYPES,
  isRenewalOpen,
  PRODUCTION_LIMITS,
  RENEWAL_STATES,
  RENEWAL_WINDOW_DAYS,
} from '@certdesk/domain';
import { measuresInForceCtes, tallyEpochCtes } from '../src/overview/certificate-tallies-sql.js';
import { atRiskCandidatesCtes, overviewSql } from '../src/overview/overview-sql.js';
import { SqlParams } from '../src/certificates/list/sql-params.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { seededRandom } from './support/seeded-random.js';
import { warningGroupsFromScratch, warningGroupsPage } from './support/warning-groups-from-scratch.js';

// The overview counts from tallies kept by triggers (migration 1796316000000-certificate-tallies). Here it is compared,
// on random data and after every kind of write, with a count from scratch in TypeScript by libs/domain's rules, at
// several instants (so the correction from the epoch to `now` is exercised both ways), and the tallies themselves
// with a roll from scratch (the drift check).

const DAY = 86_400_000;
const NOW = new Date();

interface Row {
  id: string;
  organisation_id: string;
  not_before: Date;
  not_after: Date;
  environment: string;
  identifier_type: string | null;
  identifier_value: string | null;
  manager_id: string | null;
  keystore_id: string | null;
  state: string;
}

const PERSON_TYPES = new Set(
  EHEALTH_IDENTIFIER_TYPES.filter((t) => t.holder === 'person').map((t) => t.type),
);
const OPEN_STATES = RENEWAL_STATES.filter(isRenewalOpen);

/** The overview's counts from every row, by libs/domain's rules: what the tallies must equal. */
async function fromScratch(db: DataSource, now: Date, scope: string[] | null = null) {
  const inScope = (organisationId: string) => scope === null || scope.includes(organisationId);
  const rows = (
    (await db.query(
      `SELECT id, organisation_id, not_before, not_after, environment, identifier_type, identifier_value,
              manager_id, keystore_id, state FROM certificate WHERE state = 'active'`,
    )) as Row[]
  ).filter((r) => inScope(r.organisation_id));
  const employed = new Set(
    (
      (await db.query('SELECT person_id, organisation_id FROM membership WHERE employed')) as {
        person_id: string;
        organisation_id: string;
      }[]
    ).map((m) => `${m.person_id}/${m.organisation_id}`),
  );
  const knownKeystores = new Set(
    ((await db.query(`SELECT id FROM keystore WHERE host <> '' AND path <> ''`)) as { id: string }[]).map(
      (k) => k.id,
    ),
  );
  const renewing = new Set(
    (
      (await db.query('SELECT certificate_id FROM renewal_case WHERE state = ANY($1)', [OPEN_STATES])) as {
        certificate_id: string;
      }[]
    ).map((r) => r.certificate_id),
  );
  const organisations = (await db.query(
    `SELECT o.id, o.name, EXISTS (SELECT 1 FROM contact k WHERE k.organisation_id = o.id AND k.generic) AS generic,
            (SELECT count(*)::int FROM contact k WHERE k.organisation_id = o.id AND k.delivery_failed_at IS NOT NULL)
              AS failed
       FROM organisation o`,
  )) as { id: string; name: string; generic: boolean; failed: number }[];
  const organisationsInScope = organisations.filter((o) => inScope(o.id));

  const statuses = Object.fromEntries(CERTIFICATE_STATUSES.map((s) => [s, 0]));
  const months = new Map<string, number>();
  const firstMonth = brusselsDate(now).slice(0, 7);
  const perOrganisation = new Map(
    organisationsInScope.map((o) => [
      o.id,
      { name: o.name, expired: 0, rnr: 0, warnings: (o.generic ? 0 : 1) + o.failed, production: 0 },
    ]),
  );
  const persons = new Map<string, number>();
  for (const row of rows) {
    const status = certificateStatus({ notBefore: row.not_before, notAfter: row.not_after }, now);
    statuses[status]! += 1;
    const month = brusselsDate(row.not_after).slice(0, 7);
    if (row.not_after >= now) months.set(month, (months.get(month) ?? 0) + 1);
    const o = perOrganisation.get(row.organisation_id)!;
    if (status === 'expired') {
      o.expired += 1;
      continue;
    }
    if (row.manager_id && !employed.has(`${row.manager_id}/${row.organisation_id}`)) o.warnings += 1;
    if (!row.keystore_id || !knownKeystores.has(row.keystore_id)) o.warnings += 1;
    if (row.environment === 'unknown' && row.identifier_type) o.warnings += 1;
    if (status === 'renewable' && !renewing.has(row.id)) {
      o.rnr += 1;
      o.warnings += 1;
    }
    if (row.environment === 'production' && row.identifier_type && status !== 'not-yet-valid') {
      if (PERSON_TYPES.has(row.identifier_type)) {
        const key = `${row.organisation_id}/${row.identifier_type}=${row.identifier_value}`;
        persons.set(key, (persons.get(key) ?? 0) + 1);
      } else o.production += 1;
    }
  }
  for (const [key, used] of persons)
    if (used > PRODUCTION_LIMITS.person) perOrganisation.get(key.split('/')[0]!)!.warnings += 1;
  for (const o of perOrganisation.values())
    if (o.production > PRODUCTION_LIMITS.organisation) o.warnings += 1;
  const atRisk = [...perOrganisation.entries()]
    .map(([id, o]) => ({
      organisationId: id,
      name: o.name,
      warnings: o.warnings,
      expired: o.expired,
      renewableWithoutRenewal: o.rnr,
    }))
    .filter((o) => o.warnings > 0 || o.expired > 0)
    .sort(
      (a, b) =>
        b.expired - a.expired ||
        b.renewableWithoutRenewal - a.renewableWithoutRenewal ||
        b.warnings - a.warnings ||
        (a.name < b.name ? -1 : 1),
    )
    .slice(0, 10);
  // Each organisation's production certificates in force (the warnings' organisation limit), where it has any.
  const production = Object.fromEntries(
    [...perOrganisation].filter(([, o]) => o.production !== 0).map(([id, o]) => [id, o.production]),
  );
  return { statuses, months, firstMonth, atRisk, production };
}

/** The warnings' production_in_force, as fromScratch's `production`. */
async function productionFromTallies(db: DataSource, now: Date, scope: string[] | null = null) {
  const params = new SqlParams();
  const scopeIds = scope === null ? null : `${params.add(scope)}::uuid[]`;
  const text = `WITH ${tallyEpochCtes(params, now, scopeIds)} ${measuresInForceCtes(params, scopeIds, now)}
      done AS (SELECT 1)
    SELECT organisation_id, used FROM production_in_force WHERE coalesce(used, 0) <> 0`;
  const rows = (await db.query(text, params.values)) as { organisation_id: string; used: number }[];
  return Object.fromEntries(rows.map((r) => [r.organisation_id, r.used]));
}

async function fromTallies(db: DataSource, now: Date, scope: string[] | null = null) {
  const { text, values } = overviewSql(scope, now);
  const [row] = (await db.query(text, values)) as {
    statuses: Record<string, number>;
    months: { month: string; count: number }[];
    at_risk: unknown[];
  }[];
  return row!;
}

describe('the certificate tallies behind the overview', () => {
  let t: TestApp;
  let db: DataSource;
  const next = seededRandom(12);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  let organisations: string[] = [];
  let people: { person: string; organisation: string }[] = [];
  let keystores: string[] = [];

  /** Certificates with random dates (expired up to 200 days ago, some not yet valid), kinds, managers, keystores. */
  async function insertCertificates(count: number, organisationId?: string) {
    const rows = Array.from({ length: count }, (_, i) => {
      const organisation = organisationId ?? pick(organisations);
      const notAfter = new Date(NOW.getTime() + (next() * 700 - 200) * DAY);
      const notBefore = new Date(
        next() < 0.1 ? NOW.getTime() + next() * 20 * DAY : notAfter.getTime() - 1000 * DAY,
      );
      const person = next() < 0.1;
      const manager = people.filter((p) => p.organisation === organisation);
      return {
        organisation,
        notBefore,
        notAfter,
        environment: pick(['production', 'production', 'production', 'acceptance', 'unknown']),
        identifierType: person ? 'SSIN' : next() < 0.05 ? null : 'NIHII-AMBU_SERVICE',
        identifierValue: person ? `8501011234${Math.floor(next() * 3)}` : String(79600000 + i),
        manager: next() < 0.7 && manager.length ? pick(manager).person : null,
        keystore: next() < 0.7 ? pick(keystores) : null,
        fingerprint: `${Date.now()}-${next()}-${i}`,
      };
    });
    return (await db.query(
      `INSERT INTO certificate (organisation_id, sha256_fingerprint, subject, issuer, serial_number, not_before,
         not_after, key_algorithm, der, identifier_type, identifier_value, environment, manager_id, keystore_id)
       SELECT o, f, 'CN=test', 'CN=issuer', f, nb, na, 'EC', '\\x00'::bytea, it, iv, env, m, k
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[],
                     $7::text[], $8::uuid[], $9::uuid[]) AS r(o, f, nb, na, it, iv, env, m, k)
       RETURNING id, organisation_id`,
      [
        rows.map((r) => r.organisation),
        rows.map((r) => r.fingerprint),
        rows.map((r) => r.notBefore),
        rows.map((r) => r.notAfter),
        rows.map((r) => r.identifierType),
        rows.map((r) => r.identifierValue),
        rows.map((r) => r.environment),
        rows.map((r) => r.manager),
        rows.map((r) => r.keystore),
      ],
    )) as { id: string; organisation_id: string }[];
  }

  const instants = [
    NOW,
    new Date(NOW.getTime() + 37 * DAY + 5 * 3_600_000),
    new Date(NOW.getTime() - 9 * DAY),
    new Date(NOW.getTime() + 400 * DAY),
  ];

  async function expectExact(step: string) {
    for (const now of instants) {
      const expected = await fromScratch(db, now);
      const actual = await fromTallies(db, now);
      const context = `${step}, at ${now.toISOString()}`;
      expect({ context, statuses: actual.statuses }).toEqual({ context, statuses: expected.statuses });
      expect({ context, atRisk: actual.at_risk }).toEqual({ context, atRisk: expected.atRisk });
      expect({ context, production: await productionFromTallies(db, now) }).toEqual({
        context,
        production: expected.production,
      });
      // One organisation's overview: its corrections since the epoch read for it alone.
      const one = [organisations[1]!];
      const [expectedOne, actualOne] = [await fromScratch(db, now, one), await fromTallies(db, now, one)];
      expect({
        context,
        statuses: actualOne.statuses,
        atRisk: actualOne.at_risk,
        production: await productionFromTallies(db, now, one),
      }).toEqual({
        context,
        statuses: expectedOne.statuses,
        atRisk: expectedOne.atRisk,
        production: expectedOne.production,
      });
      // The warning groups (every organisation's: the tallied ones), every page of them alike.
      const groups = await warningGroupsFromScratch(db, now);
      expect({ context, ...(await warningGroupsPage(db, now, { limit: 1000, offset: 0 })) }).toEqual({
        context,
        total: groups.length,
        groups,
      });
      // Pages read from a code's first rows alone: so few that a page's groups are not all among them (counted
      // then over every warning), or just enough.
      for (const [page, reach] of [
        [{ limit: 1, offset: 0 }, 1],
        [{ limit: 2, offset: 3 }, 2],
        [{ limit: 3, offset: 4 }, 12],
        [{ limit: 4, offset: 9 }, 40],
      ] as const)
        expect({ context, page, reach, ...(await warningGroupsPage(db, now, page, reach)) }).toEqual({
          context,
          page,
          reach,
          total: groups.length,
          groups: groups.slice(page.offset, page.offset + page.limit),
        });
      expect(actual.months[0]!.month).toBe(expected.firstMonth);
      expect({ context, months: actual.months }).toEqual({
        context,
        months: actual.months.map((m) => ({ month: m.month, count: expected.months.get(m.month) ?? 0 })),
      });
    }
  }

  async function roll(epochOffsetDays = 0) {
    const day = brusselsEpochDay(NOW) + epochOffsetDays;
    await db.query('SELECT certificate_tally_roll($1)', [day]);
  }

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    organisations = (
      (await db.query(
        `INSERT INTO organisation (name) SELECT 'Tally ' || g FROM generate_series(1, 6) g RETURNING id`,
      )) as { id: string }[]
    ).map((o) => o.id);
    await db.query(
      `INSERT INTO contact (organisation_id, email, language, generic, delivery_failed_at)
       SELECT o, 'c' || i || '@tally.test', 'fr', i % 3 <> 0, CASE WHEN i % 4 = 0 THEN now() END
         FROM unnest($1::uuid[]) WITH ORDINALITY AS t(o, i)`,
      [organisations],
    );
    people = (await db.query(
      `WITH p AS (INSERT INTO person (name) SELECT 'Manager ' || g FROM generate_series(1, 12) g RETURNING id),
            numbered AS (SELECT id, row_number() OVER () AS n FROM p)
       INSERT INTO membership (person_id, organisation_id, employed, roles)
       SELECT numbered.id, ($1::uuid[])[1 + numbered.n % 6], numbered.n % 4 <> 0, '{certificate-manager}'
         FROM numbered
       RETURNING person_id AS person, organisation_id AS organisation`,
      [organisations],
    )) as { person: string; organisation: string }[];
    keystores = (
      (await db.query(
        `INSERT INTO keystore (organisation_id, file_name, host, path)
         SELECT o, 'k' || i || '.p12', CASE WHEN i % 3 = 0 THEN '' ELSE 'PC' END, 'C:\\ks'
           FROM unnest($1::uuid[]) WITH ORDINALITY AS t(o, i)
         RETURNING id`,
        [organisations],
      )) as { id: string }[]
    ).map((k) => k.id);
  });
  afterAll(() => t.close());

  it('match a count from scratch on random data, at several instants, rolled or not', async () => {
    await insertCertificates(250);
    // An organisation over its production limit.
    await insertCertificates(14, organisations[5]);
    await expectExact('inserted, before any roll since');
    await roll();
    await expectExact('rolled today');
    await roll(-5);
    await expectExact('rolled five days ago');
    await roll(3);
    await expectExact('rolled three days ahead');
  });

  it('stay exact after every kind of change to a certificate or what its warnings depend on', async () => {
    const certificates = (await db.query(`SELECT id FROM certificate ORDER BY id`)) as { id: string }[];
    const some = (n: number) => certificates.slice(0, n).map((c) => c.id);
    const steps: [string, () => Promise<unknown>][] = [
      ['certificates imported', () => insertCertificates(40)],
      [
        'validity changed',
        () =>
          db.query(`UPDATE certificate SET not_after = not_after + interval '95 days' WHERE id = ANY($1)`, [
            some(20),
          ]),
      ],
      ['revoked', () => db.query(`UPDATE certificate SET state = 'revoked' WHERE id = ANY($1)`, [some(5)])],
      [
        'superseded and active again',
        () =>
          db.query(
            `UPDATE certificate SET state = CASE state WHEN 'superseded' THEN 'active' ELSE 'superseded' END
              WHERE id = ANY($1)`,
            [certificates.slice(5, 15).map((c) => c.id)],
          ),
      ],
      [
        'renewals opened',
        () =>
          db.query(
            `INSERT INTO renewal_case (organisation_id, certificate_id, state, opened_at, state_changed_at)
             SELECT organisation_id, id, 'phase1-sent', now(), now() FROM certificate
              WHERE state = 'active' AND not_after > now() AND not_after < now() + interval '120 days'
                AND NOT renewal_open
              ORDER BY id LIMIT 15`,
          ),
      ],
      [
        'a renewal advanced, one abandoned, one deleted',
        async () => {
          const cases = (await db.query(`SELECT id FROM renewal_case ORDER BY id`)) as { id: string }[];
          await db.query(`UPDATE renewal_case SET state = 'phase2-completed' WHERE id = $1`, [cases[0]!.id]);
          await db.query(`UPDATE renewal_case SET state = 'abandoned' WHERE id = $1`, [cases[1]!.id]);
          await db.query(`DELETE FROM renewal_case WHERE id = $1`, [cases[2]!.id]);
        },
      ],
      [
        'a manager left, another came back',
        () =>
          db.query(`UPDATE membership SET employed = NOT employed WHERE person_id = ANY($1)`, [
            people.slice(0, 3).map((p) => p.person),
          ]),
      ],
      [
        'a membership removed',
        () => db.query(`DELETE FROM membership WHERE person_id = $1`, [people[4]!.person]),
      ],
      ['a person removed', () => db.query(`DELETE FROM person WHERE id = $1`, [people[5]!.person])],
      [
        'keystore places forgotten and found',
        () =>
          db.query(
            `UPDATE keystore SET host = CASE host WHEN '' THEN 'PC-NEW' ELSE '' END WHERE id = ANY($1)`,
            [keystores.slice(0, 3)],
          ),
      ],
      ['a keystore removed', () => db.query(`DELETE FROM keystore WHERE id = $1`, [keystores[4]])],
      [
        'managers and keystores reassigned',
        () =>
          db.query(`UPDATE certificate SET manager_id = $2, keystore_id = $3 WHERE id = ANY($1)`, [
            some(30).slice(20),
            people[6]!.person,
            keystores[5],
          ]),
      ],
      [
        'a certificate moved to another organisation',
        () =>
          db.query(`UPDATE certificate SET organisation_id = $2 WHERE id = $1`, [
            certificates[40]!.id,
            organisations[1],
          ]),
      ],
      [
        'a generic contact added, a failure cleared',
        async () => {
          await db.query(
            `INSERT INTO contact (organisation_id, email, language, generic) VALUES ($1, 'new@tally.test', 'fr', true)`,
            [organisations[2]],
          );
          await db.query(`UPDATE contact SET delivery_failed_at = NULL WHERE organisation_id = $1`, [
            organisations[3],
          ]);
        },
      ],
      [
        'certificates deleted',
        () => db.query(`DELETE FROM certificate WHERE id = ANY($1)`, [some(50).slice(45)]),
      ],
      [
        'an organisation deleted',
        () => db.query(`DELETE FROM organisation WHERE id = $1`, [organisations[0]]),
      ],
    ];
    for (const [step, change] of steps) {
      await change();
      await expectExact(step);
    }
    // The drift check: the tallies kept change by change equal those counted again from scratch.
    const before = await Promise.all(instants.map((now) => fromTallies(db, now)));
    await roll();
    expect(await Promise.all(instants.map((now) => fromTallies(db, now)))).toEqual(before);
  });

  it('rank the organisations at risk from the few that can reach the top, as a ranking of every one would', async () => {
    /** How many organisations the overview of every organisation figures for its ranking, at `now`. */
    async function candidates(now: Date) {
      const params = new SqlParams();
      const text = `WITH ${tallyEpochCtes(params, now)} ${atRiskCandidatesCtes(params)} done AS (SELECT 1)
        SELECT count(*)::int AS n FROM candidates`;
      const [row] = (await db.query(text, params.values)) as { n: number }[];
      return row!.n;
    }
    // The keystores left by the test before (one was removed).
    keystores = ((await db.query('SELECT id FROM keystore ORDER BY id')) as { id: string }[]).map(
      (k) => k.id,
    );
    const more = (
      (await db.query(
        `INSERT INTO organisation (name) SELECT 'Tally more ' || g FROM generate_series(1, 40) g RETURNING id`,
      )) as { id: string }[]
    ).map((o) => o.id);
    await db.query(
      `INSERT INTO contact (organisation_id, email, language, generic)
       SELECT o, 'm' || i || '@tally.test', 'nl', i % 5 <> 0 FROM unnest($1::uuid[]) WITH ORDINALITY AS t(o, i)`,
      [more],
    );
    for (const [i, organisation] of more.entries()) await insertCertificates(2 + (i % 9), organisation);
    await roll();
    await expectExact('forty organisations more, rolled today');
    const [counted] = (await db.query('SELECT count(*)::int AS organisations FROM organisation')) as {
      organisations: number;
    }[];
    // Settled since the roll, most organisations cannot reach the top ten: they are left out, and the answer is the same.
    expect(await candidates(NOW)).toBeLessThan(counted!.organisations);
    const steps: [string, () => Promise<unknown>][] = [
      ['certificates imported into a few', () => insertCertificates(12, more[3])],
      [
        'the most expired organisation revoked',
        () =>
          db.query(
            `UPDATE certificate SET state = 'revoked' WHERE organisation_id = (
               SELECT organisation_id FROM certificate WHERE state = 'active' AND not_after < now()
                GROUP BY organisation_id ORDER BY count(*) DESC, organisation_id LIMIT 1)`,
          ),
      ],
      [
        'renewed: a renewal opened, its successor imported and the certificate superseded',
        async () => {
          const [old] = (await db.query(
            `SELECT id, organisation_id FROM certificate WHERE state = 'active' AND organisation_id = ANY($1)
                AND not_after > now() AND not_after < now() + interval '80 days' AND NOT renewal_open
              ORDER BY id LIMIT 1`,
            [more],
          )) as { id: string; organisation_id: string }[];
          await db.query(
            `INSERT INTO renewal_case (organisation_id, certificate_id, state, opened_at, state_changed_at)
             VALUES ($1, $2, 'phase2-completed', now(), now())`,
            [old!.organisation_id, old!.id],
          );
          await insertCertificates(1, old!.organisation_id);
          await db.query(`UPDATE certificate SET state = 'superseded' WHERE id = $1`, [old!.id]);
        },
      ],
      [
        'an organisation with a tally deleted',
        () => db.query(`DELETE FROM organisation WHERE id = $1`, [more[7]]),
      ],
    ];
    for (const [step, change] of steps) {
      await change();
      await expectExact(step);
    }
    // Most organisations changed since the roll: each one's expired certificates are figured first, and only those
    // that reach the top ten's floor are ranked.
    const remaining = more.filter((_, i) => i !== 7); // more[7] was deleted
    for (const organisation of remaining.slice(0, 30)) await insertCertificates(1, organisation);
    await expectExact('a certificate imported into each of thirty organisations');
    expect(await candidates(NOW)).toBeLessThan(counted!.organisations / 2);
    await roll(-5);
    await expectExact('forty organisations more, rolled five days ago');
    await roll(3);
    await expectExact('forty organisations more, rolled three days ahead');
    await roll();
  });

  it("keep each certificate's warning flags equal to what they are read from", async () => {
    const [row] = (await db.query(
      `SELECT count(*) FILTER (WHERE c.manager_left IS DISTINCT FROM (c.manager_id IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM membership m WHERE m.person_id = c.manager_id
                   AND m.organisation_id = c.organisation_id AND m.employed)))::int AS manager_left,
              count(*) FILTER (WHERE c.keystore_unknown IS DISTINCT FROM (c.keystore_id IS NULL OR NOT EXISTS (
                SELECT 1 FROM keystore k WHERE k.id = c.keystore_id AND k.host <> '' AND k.path <> '')))::int
                AS keystore_unknown,
              count(*) FILTER (WHERE c.renewal_open IS DISTINCT FROM EXISTS (
                SELECT 1 FROM renewal_case r WHERE r.certificate_id = c.id AND r.state = ANY($1)))::int
                AS renewal_open
         FROM certificate c`,
      [OPEN_STATES],
    )) as { manager_left: number; keystore_unknown: number; renewal_open: number }[];
    expect(row).toEqual({ manager_left: 0, keystore_unknown: 0, renewal_open: 0 });
  });

  it("use libs/domain's open renewal states, natural persons' types and renewal window", async () => {
    // The migration wrote them into SQL; a change in libs/domain needs a migration too.
    const [index] = (await db.query(`SELECT pg_get_indexdef('renewal_case_one_open'::regclass) AS def`)) as {
      def: string;
    }[];
    const closed = RENEWAL_STATES.filter((s) => !isRenewalOpen(s));
    for (const state of closed) expect(index!.def).toContain(`'${state}'`);
    expect(index!.def.match(/'[a-z0-9-]+'::text/g)).toHaveLength(closed.length);
    const [roll] = (await db.query(
      `SELECT pg_get_functiondef('certificate_tally_roll(integer)'::regprocedure) AS def`,
    )) as { def: string }[];
    expect(roll!.def).toContain(`NOT IN (${[...PERSON_TYPES].map((p) => `'${p}'`).join(', ')})`);
    expect(roll!.def).toContain(`epoch + ${RENEWAL_WINDOW_DAYS + 1}`);
    expect(daysLeft(new Date(NOW.getTime() + 90 * DAY), NOW)).toBeLessThanOrEqual(RENEWAL_WINDOW_DAYS);
  });
});
