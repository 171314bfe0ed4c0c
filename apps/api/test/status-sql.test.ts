import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  CERTIFICATE_STATUSES,
  certificateStatus,
  statusThresholds,
  type CertificateStatus,
} from '@certdesk/domain';
import { createTestDatabase, type TestDatabase } from '@certdesk/persistence/testing';
import { SqlParams } from '../src/certificates/list/sql-params.js';
import { StatusSql } from '../src/certificates/list/status-sql.js';

// A certificate's status is decided twice: by libs/domain's certificateStatus (in the api's answers and the
// notifier's mails) and by StatusSql in Postgres (the list's filters and counts, the overview, warnings, metrics).
// Here the SQL that StatusSql writes runs in Postgres, on the certificate table's own column types, and must agree
// with libs/domain at every edge: the 90th day, Brussels midnight in winter and in summer, the notAfter second,
// notBefore.

interface Validity {
  notBefore: Date;
  notAfter: Date;
}

const at = (iso: string) => new Date(iso);
const LONG_AGO = at('2024-01-01T00:00:00Z');

describe('StatusSql in Postgres agrees with libs/domain', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    // The certificate table's column types (timestamptz), without its other columns and constraints.
    await client.query(
      'CREATE TEMP TABLE probe AS SELECT not_before, not_after FROM certificate WITH NO DATA',
    );
    await client.query('ALTER TABLE probe ADD COLUMN n int');
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  /** What Postgres says of each certificate at `now`: the status expression and each condition StatusSql writes. */
  async function sqlStatuses(now: Date, certificates: Validity[]) {
    await client.query('DELETE FROM probe');
    await client.query(
      'INSERT INTO probe (n, not_before, not_after) SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::timestamptz[])',
      [
        certificates.map((_, i) => i),
        certificates.map((c) => c.notBefore),
        certificates.map((c) => c.notAfter),
      ],
    );
    const params = new SqlParams();
    const status = new StatusSql(params, now, 'c');
    const conditions = CERTIFICATE_STATUSES.map((s, i) => `${status.is(s)} AS is_${i}`).join(', ');
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT c.n, ${status.expression()} AS status, ${conditions}, ${status.notExpired()} AS not_expired,
              ${status.isAny(['renewable', 'expired'])} AS renewable_or_expired
         FROM probe c ORDER BY c.n`,
      params.values,
    );
    return rows.map((row) => ({
      status: row.status as CertificateStatus,
      matching: CERTIFICATE_STATUSES.filter((_, i) => row[`is_${i}`] === true),
      notExpired: row.not_expired as boolean,
      renewableOrExpired: row.renewable_or_expired as boolean,
    }));
  }

  /** Where Postgres and libs/domain disagree on the certificates at `now`, and Postgres' statuses. */
  async function compare(now: Date, certificates: Validity[]) {
    const answers = await sqlStatuses(now, certificates);
    expect(answers).toHaveLength(certificates.length);
    const disagreements: object[] = [];
    answers.forEach((answer, i) => {
      const validity = certificates[i]!;
      const expected = certificateStatus(validity, now);
      const agreeing = {
        status: expected,
        matching: [expected],
        notExpired: expected !== 'expired',
        renewableOrExpired: expected === 'renewable' || expected === 'expired',
      };
      if (JSON.stringify(answer) !== JSON.stringify(agreeing)) {
        disagreements.push({ now, ...validity, postgres: answer, domain: agreeing });
      }
    });
    return { statuses: answers.map((a) => a.status), disagreements };
  }

  /** Postgres' statuses of the certificates at `now`, once checked to agree with libs/domain's. */
  async function agreed(now: Date, certificates: Validity[]): Promise<CertificateStatus[]> {
    const { statuses, disagreements } = await compare(now, certificates);
    expect(disagreements).toEqual([]);
    return statuses;
  }

  const expiring = (notAfter: string): Validity => ({ notBefore: LONG_AGO, notAfter: at(notAfter) });

  it('at exactly 90 days left: renewable through Brussels 23:59:59 of the 90th day, valid from its midnight', async () => {
    // 15 January (winter, UTC+1); the 90th day after is 15 April (summer, UTC+2).
    const now = at('2026-01-15T10:00:00Z');
    expect(
      await agreed(now, [
        expiring('2026-04-15T21:59:59Z'), // 15 April 23:59:59 in Brussels: 90 days left
        expiring('2026-04-15T22:00:00Z'), // 16 April 00:00 in Brussels: 91 days left
        expiring('2026-04-14T22:00:00Z'), // 15 April 00:00 in Brussels
        expiring('2026-04-15T22:59:59Z'), // 16 April already: a UTC+1 reading would still say 15 April
      ]),
    ).toEqual(['renewable', 'valid', 'renewable', 'valid']);
  });

  it('on a Brussels midnight in winter', async () => {
    // The renewal window of a certificate expiring on 9 December (winter, UTC+1) opens at 00:00 on 10 September.
    const validity = expiring('2026-12-09T22:59:59Z'); // 9 December 23:59:59 in Brussels
    expect(await agreed(at('2026-09-09T21:59:59Z'), [validity])).toEqual(['valid']); // 9 September 23:59:59
    expect(await agreed(at('2026-09-09T22:00:00Z'), [validity])).toEqual(['renewable']); // 10 September 00:00
    // Its last renewable instant, and the Brussels midnight right after it, seen from 10 September.
    const now = at('2026-09-10T10:00:00Z');
    expect(
      await agreed(now, [
        expiring('2026-12-09T22:30:00Z'), // still 9 December in Brussels (a UTC+2 reading would say 10)
        expiring('2026-12-09T23:00:00Z'), // 10 December 00:00 in Brussels: 91 days left
      ]),
    ).toEqual(['renewable', 'valid']);
    expect(statusThresholds(now).renewableBefore).toEqual(at('2026-12-09T23:00:00Z'));
  });

  it('on a Brussels midnight in summer', async () => {
    // 15 July starts at 22:00 UTC on 14 July; a certificate expiring on 13 October (summer) at 23:59:59 Brussels.
    const validity = expiring('2026-10-13T21:59:59Z');
    expect(await agreed(at('2026-07-14T21:59:59Z'), [validity])).toEqual(['valid']); // 14 July: 91 days left
    expect(await agreed(at('2026-07-14T22:00:00Z'), [validity])).toEqual(['renewable']); // 15 July: 90 days left
    // And in winter, from 15 January, 00:00 Brussels (23:00 UTC the day before).
    const winterValidity = expiring('2026-04-15T21:59:59Z');
    expect(await agreed(at('2026-01-14T22:59:59Z'), [winterValidity])).toEqual(['valid']);
    expect(await agreed(at('2026-01-14T23:00:00Z'), [winterValidity])).toEqual(['renewable']);
  });

  it('expired one second after notAfter, not at notAfter itself', async () => {
    const validity = expiring('2026-03-01T12:00:00Z');
    expect(await agreed(at('2026-03-01T12:00:00Z'), [validity])).toEqual(['renewable']);
    expect(await agreed(at('2026-03-01T12:00:01Z'), [validity])).toEqual(['expired']);
    expect(await agreed(at('2026-03-01T11:59:59Z'), [validity])).toEqual(['renewable']);
  });

  it('not yet valid before notBefore, whatever its expiry', async () => {
    const notBefore = at('2026-06-01T00:00:00Z');
    const now = at('2026-05-31T23:59:59Z');
    expect(
      await agreed(now, [
        { notBefore, notAfter: at('2029-06-01T00:00:00Z') },
        { notBefore, notAfter: at('2026-06-10T00:00:00Z') }, // 10 days left: not "renewable" before it starts
      ]),
    ).toEqual(['not-yet-valid', 'not-yet-valid']);
    expect(await agreed(notBefore, [{ notBefore, notAfter: at('2029-06-01T00:00:00Z') }])).toEqual(['valid']);
  });

  it('whatever the time zone of the database session', async () => {
    const certificates = [
      expiring('2026-04-15T21:59:59Z'),
      expiring('2026-04-15T22:00:00Z'),
      expiring('2026-01-15T09:59:59Z'),
      { notBefore: at('2026-01-15T10:00:01Z'), notAfter: at('2027-01-01T00:00:00Z') },
    ];
    const now = at('2026-01-15T10:00:00Z');
    try {
      for (const zone of ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles']) {
        await client.query(`SET TIME ZONE '${zone}'`);
        expect(await agreed(now, certificates)).toEqual(['renewable', 'valid', 'expired', 'not-yet-valid']);
      }
    } finally {
      await client.query('RESET TIME ZONE');
    }
  });

  it('for every 13 hours of 2026 (both time changes) and expiries around each edge', async () => {
    const HOUR = 3_600_000;
    const offsets = [
      -25,
      -1,
      0,
      1,
      23,
      24,
      25,
      89 * 24,
      90 * 24 - 1,
      90 * 24,
      90 * 24 + 1,
      91 * 24,
      91 * 24 + 5,
      200 * 24,
    ];
    const seen = new Set<CertificateStatus>();
    const disagreements: object[] = [];
    let checked = 0;
    for (let h = 0; h < 365 * 24; h += 13) {
      const now = new Date(Date.UTC(2026, 0, 1) + h * HOUR + 17 * 60_000);
      const certificates: Validity[] = offsets.map((offset) => ({
        notBefore: LONG_AGO,
        notAfter: new Date(now.getTime() + offset * HOUR),
      }));
      // Around the renewal edge to the second, and one certificate not valid yet.
      const edge = statusThresholds(now).renewableBefore.getTime();
      certificates.push(
        { notBefore: LONG_AGO, notAfter: new Date(edge - 1000) },
        { notBefore: LONG_AGO, notAfter: new Date(edge) },
        { notBefore: new Date(now.getTime() + 1000), notAfter: new Date(now.getTime() + 30 * 24 * HOUR) },
      );
      const { statuses, disagreements: found } = await compare(now, certificates);
      statuses.forEach((status) => seen.add(status));
      disagreements.push(...found);
      checked += statuses.length;
    }
    expect(disagreements).toEqual([]);
    expect(checked).toBeGreaterThan(10_000);
    expect([...seen].sort()).toEqual([...CERTIFICATE_STATUSES].sort());
  }, 120_000);
});
