import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { certificateListSql } from '../src/certificates/list/certificate-list-sql.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// `q` stays fast at a million certificates because Postgres answers it from the trigram index (pg_trgm), which it
// does only when the list's SQL writes exactly the indexed expression.
describe('the certificate list searched with q', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    const [organisation] = (await db.query(
      `INSERT INTO organisation (name) VALUES ('Search') RETURNING id`,
    )) as { id: string }[];
    await db.query(
      `INSERT INTO certificate (organisation_id, sha256_fingerprint, subject, issuer, serial_number, not_before,
         not_after, key_algorithm, der, identifier_type, identifier_value, holder_name, environment)
       SELECT $1, 'f' || g, 'CN=NIHII-AMBU_SERVICE=' || g || ',OU=AMBULANCES ' || g, 'CN=issuer', g::text,
              now() - interval '1 year', now() + g * interval '1 hour', 'EC', '\\x00'::bytea, 'NIHII-AMBU_SERVICE',
              lpad(g::text, 8, '0'), CASE WHEN g = 77 THEN 'Zorrotzaurre' ELSE 'Holder ' || g END, 'production'
         FROM generate_series(1, 2000) g`,
      [organisation!.id],
    );
    await db.query('ANALYZE certificate');
  });
  afterAll(() => t.close());

  const search = (q: string) =>
    certificateListSql({ q }, null, { sort: 'notAfter', direction: 'asc', limit: 51 }, new Date());

  it('finds text in the subject, the identifier value or the holder, never across two of them', async () => {
    const holder = (await db.query(search('zorrotz').text, search('zorrotz').values)) as {
      holder_name: string;
    }[];
    expect(holder.map((r) => r.holder_name)).toEqual(['Zorrotzaurre']);
    const value = (await db.query(search('00001999').text, search('00001999').values)) as {
      identifier_value: string;
    }[];
    expect(value.map((r) => r.identifier_value)).toEqual(['00001999']);
    // The end of a subject and the start of its identifier value are two texts.
    const across = search('AMBULANCES 1999000');
    expect(await db.query(across.text, across.values)).toEqual([]);
  });

  it('is answered from the trigram index', async () => {
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    try {
      // With every other index of the table gone but its keys' (rolled back below) and plain scans priced out, only
      // an index that answers the condition itself is worth using: on 2,000 rows Postgres would otherwise walk
      // whichever partial index of the active certificates is smallest, a plan that says nothing at a million.
      const others = (await runner.query(
        `SELECT quote_ident(i.indexname) AS name FROM pg_indexes i
          WHERE i.tablename = 'certificate' AND i.indexname <> 'certificate_search_trgm'
            AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`,
      )) as { name: string }[];
      await runner.query(`DROP INDEX ${others.map((index) => index.name).join(', ')}`);
      await runner.query('SET LOCAL enable_seqscan = off');
      const { text, values } = search('zorrotz');
      const plan = (await runner.query(`EXPLAIN ${text}`, values)) as { 'QUERY PLAN': string }[];
      expect(plan.map((line) => line['QUERY PLAN']).join('\n')).toContain('certificate_search_trgm');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
