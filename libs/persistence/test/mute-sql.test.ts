import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { MUTE_LAPSING_RENEWAL_STATES, RENEWAL_STATES, muteLapse } from '@certdesk/domain';
import { createDataSource, muteInForceSql } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

const NOW = new Date('2026-06-10T10:00:00Z');
const HOUR = 3_600_000;

/**
 * muteInForceSql is libs/domain's muteLapse spelt in SQL: for every certificate state, every renewal state (none,
 * one, an abandoned one beside another), an unmute before or after the instant, and an end just before or after it,
 * the database and the rule agree. An organisation's warning mute (no certificate) lapses by its end or an unmute.
 */
describe('muteInForceSql', () => {
  let database: TestDatabase;
  let db: DataSource;
  let organisationId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDataSource({ url: database.url, poolSize: 2 });
    await db.initialize();
    [{ id: organisationId }] = (await db.query(
      `INSERT INTO organisation (name) VALUES ('Ambulances Mute') RETURNING id`,
    )) as [{ id: string }];
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  async function certificate(state: string, renewalStates: string[]): Promise<string> {
    const [{ id }] = (await db.query(
      `INSERT INTO certificate (organisation_id, sha256_fingerprint, subject, issuer, serial_number, not_before,
                                not_after, key_algorithm, der, environment, state)
       VALUES ($1, $2, 'CN=test', 'CN=issuer', $3, $4, $5, 'EC-P256', '\\x00'::bytea, 'production', $6) RETURNING id`,
      [
        organisationId,
        randomBytes(32).toString('hex'),
        randomBytes(8).toString('hex'),
        new Date(0),
        NOW,
        state,
      ],
    )) as [{ id: string }];
    for (const renewalState of renewalStates)
      await db.query(
        `INSERT INTO renewal_case (organisation_id, certificate_id, state, opened_at, state_changed_at)
         VALUES ($1, $2, $3, now(), now())`,
        [organisationId, id, renewalState],
      );
    return id;
  }

  async function inForce(muteId: string): Promise<boolean> {
    const [row] = (await db.query(
      `SELECT ${muteInForceSql('m', '$2')} AS in_force FROM mute m WHERE m.id = $1`,
      [muteId, NOW],
    )) as [{ in_force: boolean }];
    return row.in_force;
  }

  const renewalSets: string[][] = [
    [],
    ...RENEWAL_STATES.map((s) => [s]),
    ...MUTE_LAPSING_RENEWAL_STATES.map((s) => ['abandoned', s]),
  ];
  const cases = ['active', 'superseded', 'revoked'].flatMap((state) =>
    renewalSets.flatMap((renewalStates) =>
      [null, new Date(NOW.getTime() - HOUR), new Date(NOW.getTime() + HOUR)].flatMap((unmutedAt) =>
        [new Date(NOW.getTime() - 1), NOW, new Date(NOW.getTime() + HOUR)].map((until) => ({
          state,
          renewalStates,
          unmutedAt,
          until,
        })),
      ),
    ),
  );

  it(`agrees with muteLapse in each of ${cases.length} cases`, async () => {
    const disagreements: string[] = [];
    for (const c of cases) {
      const certificateId = await certificate(c.state, c.renewalStates);
      const [{ id }] = (await db.query(
        `INSERT INTO mute (organisation_id, certificate_id, reason, end_date, until, muted_at, unmuted_at)
         VALUES ($1, $2, 'retired', '2026-06-10', $3, $4, $5) RETURNING id`,
        [organisationId, certificateId, c.until, new Date(NOW.getTime() - 24 * HOUR), c.unmutedAt],
      )) as [{ id: string }];
      const rule = muteLapse({ until: c.until, unmutedAt: c.unmutedAt }, c, NOW) === null;
      if ((await inForce(id)) !== rule) disagreements.push(JSON.stringify(c));
    }
    expect(disagreements).toEqual([]);
  });

  it("holds an organisation's warning mute until its end or an unmute", async () => {
    const insert = async (until: Date, unmutedAt: Date | null) =>
      (
        (await db.query(
          `INSERT INTO mute (organisation_id, warning_code, reason, end_date, until, muted_at, unmuted_at)
           VALUES ($1, $2, 'retired', '2026-06-10', $3, $4, $5) RETURNING id`,
          [organisationId, `CODE_${randomBytes(4).toString('hex')}`, until, new Date(0), unmutedAt],
        )) as [{ id: string }]
      )[0].id;
    expect(await inForce(await insert(new Date(NOW.getTime() + HOUR), null))).toBe(true);
    expect(await inForce(await insert(NOW, null))).toBe(false);
    expect(await inForce(await insert(new Date(NOW.getTime() + HOUR), new Date(NOW.getTime() - HOUR)))).toBe(
      false,
    );
  });
});
