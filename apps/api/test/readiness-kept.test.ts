import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { daysLeftBound, DEFAULT_READINESS_POLICY, type ReadinessPolicy } from '@certdesk/domain';
import { rollCertificateTallies } from '@certdesk/persistence';
import { SqlParams } from '../src/certificates/list/sql-params.js';
import { notReadyWithinHorizonSql, readySql } from '../src/certificates/readiness/readiness-sql.js';
import { readinessFromFactsSql } from './support/readiness-from-facts.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { seededRandom } from './support/seeded-random.js';

// Readiness is read from facts the database keeps on each certificate (migration 1796363000000). Here, on random
// data and after every kind of write to what it is decided on, each certificate's readiness from the kept facts is
// compared with the same rule read from the facts' own tables (readinessFromFactsSql), at several instants and under
// two policies, so a write path the triggers miss shows as a certificate judged differently. The overview's count of
// the certificates within the horizon that are not ready, from the readiness tallies (migration 1796364000000), is
// compared likewise with a count of every certificate, the tallies rolled at other days and policies between steps.

const DAY = 86_400_000;
const NOW = new Date();

const POLICIES: ReadinessPolicy[] = [
  DEFAULT_READINESS_POLICY,
  { ...DEFAULT_READINESS_POLICY, attestationValidityDays: 5, leadTimeDays: 40 },
];
const INSTANTS = [NOW, new Date(NOW.getTime() + 33 * DAY), new Date(NOW.getTime() + 200 * DAY)];

describe('the readiness facts kept on each certificate', () => {
  let t: TestApp;
  let db: DataSource;
  const next = seededRandom(14);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  let organisations: string[] = [];
  let people: string[] = [];
  const certificates: string[] = [];
  /** Each organisation's members when the certificates were first inserted. */
  const members = new Map<string, string[]>();
  const days = (n: number) => new Date(NOW.getTime() + n * DAY);

  /**
   * Each certificate whose readiness from the kept facts differs from its readiness from the facts' tables, and the
   * ready ones by the facts (certificate, instant and policy), so a step can show it changed some.
   */
  async function judge() {
    const found: unknown[] = [];
    const ready = new Set<string>();
    for (const [p, policy] of POLICIES.entries())
      for (const now of INSTANTS) {
        const params = new SqlParams();
        const kept = readySql(params, policy, now);
        const facts = readinessFromFactsSql(params, policy, now);
        const rows = (await db.query(
          `SELECT c.id, ${kept} AS kept, ${facts} AS facts FROM certificate c`,
          params.values,
        )) as { id: string; kept: boolean; facts: boolean }[];
        for (const r of rows.filter((r) => r.facts)) ready.add(`${r.id} ${now.toISOString()} ${p}`);
        found.push(
          ...rows.filter((r) => r.kept !== r.facts).map((r) => ({ at: now.toISOString(), policy: p, ...r })),
          ...(await overviewMismatches(policy, now)).map((m) => ({ at: now.toISOString(), policy: p, ...m })),
        );
      }
    return { found, ready };
  }

  /**
   * Where the overview's not-ready count from the readiness tallies (every organisation, and two of them) differs
   * from counting the active certificates within the horizon whose kept readiness says not ready.
   */
  async function overviewMismatches(policy: ReadinessPolicy, now: Date): Promise<object[]> {
    const params = new SqlParams();
    const ready = readySql(params, policy, now);
    const from = params.add(now);
    const until = params.add(daysLeftBound(now, policy.digestFromDays));
    const counted = (await db.query(
      `SELECT c.organisation_id AS "organisationId", count(*)::int AS count FROM certificate c
        WHERE c.state = 'active' AND c.not_after >= ${from}::timestamptz AND c.not_after < ${until}::timestamptz
          AND NOT ${ready}
        GROUP BY c.organisation_id`,
      params.values,
    )) as { organisationId: string; count: number }[];
    const mismatches: object[] = [];
    for (const scope of [null, organisations.slice(1, 3)]) {
      const { text, values } = notReadyWithinHorizonSql(scope, policy, now, 1000);
      const rows = (await db.query(text, values)) as {
        organisationId: string;
        count: number;
        notReadyTotal: number;
        organisations: number;
      }[];
      const expected = counted.filter((c) => scope === null || scope.includes(c.organisationId));
      const kept = rows.map(({ organisationId, count }) => ({ organisationId, count }));
      kept.sort((a, b) => a.organisationId.localeCompare(b.organisationId));
      expected.sort((a, b) => a.organisationId.localeCompare(b.organisationId));
      const total = expected.reduce((sum, c) => sum + c.count, 0);
      if (JSON.stringify(kept) !== JSON.stringify(expected) || (rows[0]?.notReadyTotal ?? 0) !== total)
        mismatches.push({
          scope: scope === null ? 'all' : 'two',
          kept,
          expected,
          total: rows[0]?.notReadyTotal,
        });
    }
    // The first two of every organisation: most first, then by name (the names tie on purpose below).
    const names = new Map(
      ((await db.query('SELECT id, name FROM organisation')) as { id: string; name: string }[]).map((o) => [
        o.id,
        o.name,
      ]),
    );
    const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    const firstTwo = [...counted]
      .sort(
        (a, b) =>
          b.count - a.count ||
          order(names.get(a.organisationId)!, names.get(b.organisationId)!) ||
          order(a.organisationId, b.organisationId),
      )
      .slice(0, 2)
      .map((c) => c.organisationId);
    const { text, values } = notReadyWithinHorizonSql(null, policy, now, 2);
    const page = ((await db.query(text, values)) as { organisationId: string }[]).map(
      (r) => r.organisationId,
    );
    if (JSON.stringify(page) !== JSON.stringify(firstTwo)) mismatches.push({ firstTwo, page });
    return mismatches;
  }

  async function insertCertificates(count: number) {
    const rows = Array.from({ length: count }, (_, i) => {
      const organisation = pick(organisations);
      return {
        organisation,
        notAfter: days(next() * 420 - 20),
        // Mostly members of its organisation, so that many are ready; some not.
        manager:
          next() < 0.9 ? pick(members.get(organisation) ?? people) : next() < 0.5 ? pick(people) : null,
        custodian: next() < 0.9 ? pick(members.get(organisation) ?? people) : null,
        fingerprint: `${Date.now()}-${next()}-${i}`,
      };
    });
    const inserted = (await db.query(
      `INSERT INTO certificate (organisation_id, sha256_fingerprint, subject, issuer, serial_number, not_before,
         not_after, key_algorithm, der, environment, manager_id, password_custodian_id, keystore_id)
       SELECT o, f, 'CN=test', 'CN=issuer', f, na - interval '3 years', na, 'EC', '\\x00'::bytea, 'production', m, pc,
              (SELECT k.id FROM keystore k WHERE k.organisation_id = o AND k.host <> '' LIMIT 1)
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::uuid[], $5::uuid[]) AS r(o, f, na, m, pc)
       RETURNING id`,
      [
        rows.map((r) => r.organisation),
        rows.map((r) => r.fingerprint),
        rows.map((r) => r.notAfter),
        rows.map((r) => r.manager),
        rows.map((r) => r.custodian),
      ],
    )) as { id: string }[];
    certificates.push(...inserted.map((r) => r.id));
  }

  async function attest(certificateIds: string[], outcome: 'opened' | 'failed', checkedDaysAgo: number) {
    await db.query(
      `INSERT INTO custody_attestation (certificate_id, person_id, checked_at, recorded_at, outcome)
       SELECT c.id, c.password_custodian_id, now() - $2 * interval '1 day', now(), $3
         FROM certificate c WHERE c.id = ANY($1) AND c.password_custodian_id IS NOT NULL`,
      [certificateIds, checkedDaysAgo, outcome],
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    organisations = (
      (await db.query(
        `INSERT INTO organisation (name) SELECT 'Ready ' || (g % 3) FROM generate_series(1, 5) g RETURNING id`,
      )) as { id: string }[]
    ).map((o) => o.id);
    await db.query(
      `INSERT INTO keystore (organisation_id, file_name, host, path)
       SELECT o, 'k.p12', 'PC', 'C:\\ks' FROM unnest($1::uuid[]) AS t(o)`,
      [organisations],
    );
    people = (
      (await db.query(
        `INSERT INTO person (name) SELECT 'Person ' || g FROM generate_series(1, 8) g RETURNING id`,
      )) as { id: string }[]
    ).map((p) => p.id);
    // Everyone employed by one organisation, some by two; two with a departure day recorded.
    await db.query(
      `INSERT INTO membership (person_id, organisation_id, employed, roles, left_on)
       SELECT p, ($2::uuid[])[1 + (i % 5)], true, '{certificate-manager}'::text[],
              CASE WHEN i = 2 THEN current_date + 60 WHEN i = 5 THEN current_date + 300 END
         FROM unnest($1::uuid[]) WITH ORDINALITY AS t(p, i)
       UNION ALL
       SELECT p, ($2::uuid[])[1 + ((i + 1) % 5)], true, '{certificate-manager}'::text[], NULL
         FROM unnest($1::uuid[]) WITH ORDINALITY AS t(p, i) WHERE i % 2 = 0`,
      [people, organisations],
    );
    // Most people's eID valid for a year, one for 90 days, one none.
    await db.query(
      `INSERT INTO person_eid_certificate (person_id, not_after, seen_at, certificate_sha256, seen_via)
       SELECT p, now() + CASE WHEN i = 3 THEN interval '90 days' ELSE interval '365 days' END, now(),
              md5(p::text), 'eid-login'
         FROM unnest($1::uuid[]) WITH ORDINALITY AS t(p, i) WHERE i <> 7`,
      [people],
    );
    for (const m of (await db.query('SELECT person_id, organisation_id FROM membership')) as {
      person_id: string;
      organisation_id: string;
    }[])
      members.set(m.organisation_id, [...(members.get(m.organisation_id) ?? []), m.person_id]);
    await insertCertificates(200);
    await attest(certificates.slice(0, 170), 'opened', 3);
    await attest(certificates.slice(150, 170), 'failed', 1);
    await attest(certificates.slice(170, 180), 'opened', 40);
    await db.query(
      `INSERT INTO deployment (certificate_id, software, contact_email)
       SELECT c, 'HIS', CASE WHEN i % 2 = 0 THEN 'it@hospital.test' ELSE '  ' END
         FROM unnest($1::uuid[]) WITH ORDINALITY AS t(c, i)`,
      [certificates.slice(0, 12)],
    );
  });
  afterAll(() => t.close());

  it('judge each certificate as its facts do, on random data where some are ready', async () => {
    const { found, ready } = await judge();
    expect(found).toEqual([]);
    expect(ready.size).toBeGreaterThan(50);
  });

  it('stay the facts after every kind of change to them', async () => {
    /** Certificates ready now by their facts (the default policy), with what they hang on. */
    const readyNow = async () => {
      const params = new SqlParams();
      const ready = readinessFromFactsSql(params, DEFAULT_READINESS_POLICY, NOW);
      return (await db.query(
        `SELECT c.id, c.organisation_id, c.manager_id, c.password_custodian_id, c.not_after FROM certificate c
          WHERE ${ready} ORDER BY c.id`,
        params.values,
      )) as {
        id: string;
        organisation_id: string;
        manager_id: string;
        password_custodian_id: string;
        not_after: Date;
      }[];
    };
    const nth = async (n: number) => {
      const ready = await readyNow();
      if (ready.length <= n) throw new Error(`only ${ready.length} certificates are ready`);
      return ready[n]!;
    };
    const otherOrganisation = async (personId: string) =>
      (
        (await db.query(
          `SELECT o.id FROM organisation o
            WHERE NOT EXISTS (SELECT 1 FROM membership m WHERE m.person_id = $1 AND m.organisation_id = o.id)
            ORDER BY o.id LIMIT 1`,
          [personId],
        )) as { id: string }[]
      )[0]!.id;
    let left: { person: string; organisation: string };
    let failedOn: string;
    let deployedOn: string;
    let imported: string[] = [];
    const steps: [string, () => Promise<unknown>][] = [
      [
        'a manager no longer employed',
        async () => {
          const r = await nth(0);
          left = { person: r.manager_id, organisation: r.organisation_id };
          await db.query(
            'UPDATE membership SET employed = false WHERE person_id = $1 AND organisation_id = $2',
            [left.person, left.organisation],
          );
        },
      ],
      [
        'employed again',
        () =>
          db.query('UPDATE membership SET employed = true WHERE person_id = $1 AND organisation_id = $2', [
            left.person,
            left.organisation,
          ]),
      ],
      [
        'a departure day recorded after a notAfter, then moved before it',
        async () => {
          const r = await nth(1);
          const where = 'WHERE person_id = $2 AND organisation_id = $3';
          await db.query(
            `UPDATE membership SET left_on = ($1::timestamptz AT TIME ZONE 'Europe/Brussels')::date + 5 ${where}`,
            [r.not_after, r.manager_id, r.organisation_id],
          );
          await db.query(
            `UPDATE membership SET left_on = ($1::timestamptz AT TIME ZONE 'Europe/Brussels')::date - 1 ${where}`,
            [r.not_after, r.manager_id, r.organisation_id],
          );
        },
      ],
      [
        "a custodian's membership removed",
        async () => {
          const r = await nth(2);
          await db.query('DELETE FROM membership WHERE person_id = $1 AND organisation_id = $2', [
            r.password_custodian_id,
            r.organisation_id,
          ]);
        },
      ],
      [
        'a membership moved to another organisation',
        async () => {
          const r = await nth(3);
          left = { person: r.manager_id, organisation: r.organisation_id };
          await db.query(
            'UPDATE membership SET organisation_id = $3 WHERE person_id = $1 AND organisation_id = $2',
            [r.manager_id, r.organisation_id, await otherOrganisation(r.manager_id)],
          );
        },
      ],
      [
        'a membership added back',
        () =>
          db.query(
            `INSERT INTO membership (person_id, organisation_id, employed, roles) VALUES ($1, $2, true, '{}')`,
            [left.person, left.organisation],
          ),
      ],
      [
        "a manager's eID that ends before a notAfter, and a new one",
        async () => {
          const r = await nth(4);
          await db.query(
            `UPDATE person_eid_certificate SET not_after = $2::timestamptz - interval '1 day' WHERE person_id = $1`,
            [r.manager_id, r.not_after],
          );
          await db.query(
            `INSERT INTO person_eid_certificate (person_id, not_after, seen_at, certificate_sha256, seen_via)
             VALUES ($1, now() + interval '4 years', now(), 'renewed-card', 'eid-login')`,
            [(await nth(0)).manager_id],
          );
        },
      ],
      [
        "a manager's eID forgotten",
        async () => {
          const r = await nth(5);
          await db.query('DELETE FROM person_eid_certificate WHERE person_id = $1', [r.manager_id]);
        },
      ],
      [
        'a later check that failed',
        async () => {
          failedOn = (await nth(6)).id;
          await attest([failedOn], 'failed', 0);
        },
      ],
      [
        'the failed check withdrawn',
        () =>
          db.query(`DELETE FROM custody_attestation WHERE certificate_id = $1 AND outcome = 'failed'`, [
            failedOn,
          ]),
      ],
      [
        'a check corrected to failed',
        async () => {
          const r = await nth(7);
          await db.query(`UPDATE custody_attestation SET outcome = 'failed' WHERE certificate_id = $1`, [
            r.id,
          ]);
        },
      ],
      [
        'a deployment without a contact',
        async () => {
          deployedOn = (await nth(8)).id;
          await db.query(
            `INSERT INTO deployment (certificate_id, software, contact_email) VALUES ($1, 'Lab', NULL)`,
            [deployedOn],
          );
        },
      ],
      [
        'given one',
        () =>
          db.query(`UPDATE deployment SET contact_email = 'lab@x.test' WHERE certificate_id = $1`, [
            deployedOn,
          ]),
      ],
      [
        'a deployment without a contact moved to another certificate, one removed',
        async () => {
          const r = await nth(9);
          await db.query(
            `INSERT INTO deployment (certificate_id, software, contact_email) VALUES ($1, 'PACS', ' ')`,
            [deployedOn],
          );
          await db.query(
            `UPDATE deployment SET certificate_id = $2 WHERE certificate_id = $1 AND software = 'PACS'`,
            [deployedOn, r.id],
          );
          await db.query(`DELETE FROM deployment WHERE certificate_id = $1 AND software = 'Lab'`, [
            deployedOn,
          ]);
        },
      ],
      [
        'a custodian cleared, a manager changed',
        async () => {
          const [r, s] = [await nth(10), await nth(11)];
          await db.query('UPDATE certificate SET password_custodian_id = NULL WHERE id = $1', [r.id]);
          const stranger = people.find((p) => !(members.get(s.organisation_id) ?? []).includes(p))!;
          await db.query('UPDATE certificate SET manager_id = $2 WHERE id = $1', [s.id, stranger]);
        },
      ],
      [
        "validity beyond its manager's eID",
        async () => {
          const r = await nth(12);
          await db.query(`UPDATE certificate SET not_after = not_after + interval '5 years' WHERE id = $1`, [
            r.id,
          ]);
        },
      ],
      [
        'a certificate moved to an organisation its manager is not a member of',
        async () => {
          const r = await nth(13);
          await db.query('UPDATE certificate SET organisation_id = $2 WHERE id = $1', [
            r.id,
            await otherOrganisation(r.manager_id),
          ]);
        },
      ],
      [
        'superseded, checked and failed meanwhile, then active again',
        async () => {
          const r = await nth(14);
          await db.query(`UPDATE certificate SET state = 'superseded' WHERE id = $1`, [r.id]);
          await attest([r.id], 'failed', 0);
          await db.query(`UPDATE certificate SET state = 'active' WHERE id = $1`, [r.id]);
        },
      ],
      [
        'certificates imported, then opened by their custodians',
        async () => {
          const before = certificates.length;
          await insertCertificates(20);
          imported = certificates.slice(before);
          await attest(imported, 'opened', 0);
        },
      ],
      [
        'a manager removed (and their memberships and eID with them)',
        async () => {
          const r = await nth(0);
          await db.query('DELETE FROM person WHERE id = $1', [r.manager_id]);
        },
      ],
      [
        'a keystore place forgotten',
        async () => {
          const r = await nth(0);
          await db.query(`UPDATE keystore SET host = '' WHERE organisation_id = $1`, [r.organisation_id]);
        },
      ],
      [
        'a ready certificate deleted, and an organisation with its certificates',
        async () => {
          const r = await nth(0);
          await db.query('DELETE FROM certificate WHERE id = $1', [r.id]);
          const last = organisations.pop()!;
          await db.query('DELETE FROM certificate WHERE organisation_id = $1', [last]);
          await db.query('DELETE FROM organisation WHERE id = $1', [last]);
        },
      ],
    ];
    for (const [i, [step, write]] of steps.entries()) {
      // The tallies rolled at another instant and policy before some steps: their changes are then counted against
      // that epoch's bounds, and corrected to each instant judged.
      if (i % 3 === 0) await rollCertificateTallies(db, days(i * 11 - 40), POLICIES[(i / 3) % 2]!);
      const before = (await judge()).ready;
      await write();
      const { found, ready } = await judge();
      // Each step changes some certificate's readiness, so the path it writes by is exercised.
      const changed =
        [...ready].filter((k) => !before.has(k)).length + [...before].filter((k) => !ready.has(k)).length;
      expect({ step, found, changed: changed > 0 }).toEqual({ step, found: [], changed: true });
    }
  });

  it('count a writer still open while the tallies roll at other bounds once it commits', async () => {
    // A copy of a certificate ready now, never opened by its custodian: ready but for the opening the writer records.
    // (The earlier steps pick their certificates in id order, random from run to run, so whether any certificate is
    // left waiting for an opening cannot be left to them.)
    const params = new SqlParams();
    const readyNow = readinessFromFactsSql(params, DEFAULT_READINESS_POLICY, NOW);
    const [waiting] = (await db.query(
      `INSERT INTO certificate (organisation_id, sha256_fingerprint, subject, issuer, serial_number, not_before,
         not_after, key_algorithm, der, environment, manager_id, password_custodian_id, keystore_id)
       SELECT c.organisation_id, 'waiting-' || c.id, c.subject, c.issuer, 'waiting-' || c.id, c.not_before,
              c.not_after, c.key_algorithm, c.der, c.environment, c.manager_id, c.password_custodian_id, c.keystore_id
         FROM certificate c WHERE ${readyNow} ORDER BY c.id LIMIT 1
       RETURNING id`,
      params.values,
    )) as { id: string }[];
    expect(waiting).toBeDefined();
    const before = (await judge()).ready;
    expect([...before].some((k) => k.startsWith(waiting!.id))).toBe(false);
    const writer = db.createQueryRunner();
    await writer.connect();
    try {
      await writer.startTransaction();
      // Opened by their custodians, and one certificate moved into the horizon, inside the open transaction.
      await writer.query(
        `INSERT INTO custody_attestation (certificate_id, person_id, checked_at, recorded_at, outcome)
         SELECT c.id, c.password_custodian_id, now(), now(), 'opened'
           FROM certificate c WHERE c.password_custodian_id IS NOT NULL AND c.custody_opened_at IS NULL`,
      );
      await writer.query(
        `UPDATE certificate SET not_after = now() + interval '30 days'
          WHERE id = (SELECT id FROM certificate WHERE state = 'active' ORDER BY not_after DESC LIMIT 1)`,
      );
      // The roll cannot see them: their change rows stay, and count at the new epoch's bounds.
      await rollCertificateTallies(db, days(-25), POLICIES[1]!);
      await writer.commitTransaction();
    } finally {
      await writer.release();
    }
    const { found, ready } = await judge();
    expect(found).toEqual([]);
    // The writer made ready one that was not, at every instant it has enough days left.
    expect([...ready].filter((k) => k.startsWith(waiting!.id) && !before.has(k)).length).toBeGreaterThan(0);
  });

  it('count nothing once the certificates are truncated, then what is written after', async () => {
    await db.query('TRUNCATE certificate CASCADE');
    expect((await judge()).found).toEqual([]);
    const { text, values } = notReadyWithinHorizonSql(null, DEFAULT_READINESS_POLICY, NOW, 10);
    expect(await db.query(text, values)).toEqual([]);
    // TRUNCATE ... CASCADE took the people (their tables refer to certificates): certificates with neither manager nor
    // custodian, none of them ready.
    await db.query(
      `INSERT INTO certificate (organisation_id, sha256_fingerprint, subject, issuer, serial_number, not_before,
         not_after, key_algorithm, der, environment)
       SELECT o.id, md5(o.id::text || g), 'CN=test', 'CN=issuer', md5(o.id::text || g), now() - interval '1 year',
              now() + g * interval '9 days', 'EC', '\\x00'::bytea, 'production'
         FROM organisation o CROSS JOIN generate_series(1, 12) g`,
    );
    const { found } = await judge();
    expect(found).toEqual([]);
    const [first] = (await db.query(text, values)) as { notReadyTotal: number }[];
    expect(first?.notReadyTotal).toBeGreaterThan(0);
  });
});
