import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@certdesk/persistence/testing';
import { seedInChildProcess } from '../bench/seed.js';

// `npm run bench`: the notifier's scan bench and the dashboard's bench seed their database through this child
// process. It once failed there alone (a loader that could not compile the entities' decorators), unseen by any test.
describe("the benches' seed in a process of its own", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('seeds a migrated database with the certificates and organisations asked for', async () => {
    const seconds = await seedInChildProcess(database.url, { certificates: '300', organisations: '3' });
    expect(seconds).toBeGreaterThan(0);
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ certificates: number; organisations: number }>(
        `SELECT (SELECT count(*) FROM certificate)::int AS certificates,
                (SELECT count(*) FROM organisation WHERE name LIKE 'Bench organisation %')::int AS organisations`,
      );
      expect(rows[0]).toEqual({ certificates: 300, organisations: 3 });
    } finally {
      await db.end();
    }
  });
});
