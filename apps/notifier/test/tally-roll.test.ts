import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { brusselsEpochDay } from '@certdesk/domain';
import { createCertificate, createOrganisation } from './support/fixtures.js';
import { DAY, startHarness, type Harness } from './support/harness.js';

const NOW = new Date('2026-11-10T05:00:00Z'); // 06:00 in Brussels

// The overview reads the certificate tallies as of their last roll plus what changed since; the daily scan rolls them,
// so what it adds up stays a day's worth however long the installation runs (issue 12).
describe('the daily scan rolls the certificate and readiness tallies', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('tally-roll', { now: NOW });
  });
  afterAll(async () => {
    await h?.close();
  });

  const tallies = async () =>
    (await h.db.query(
      `SELECT (SELECT array_agg(DISTINCT epoch_day) FROM certificate_tally) AS epochs,
              (SELECT count(*)::int FROM certificate_tally_change) AS changes,
              (SELECT sum(total_before + total_window + total_later)::int FROM certificate_tally) AS tallied,
              (SELECT count(*)::int FROM certificate WHERE state = 'active') AS active,
              (SELECT epoch_day FROM readiness_tally_epoch) AS "readinessEpoch",
              (SELECT horizon_end_day - epoch_day FROM readiness_tally_epoch) AS "horizonDays",
              (SELECT count(*)::int FROM readiness_tally_change) AS "readinessChanges",
              (SELECT not_ready_total FROM readiness_tally_epoch) AS "notReady"`,
    )) as [
      {
        epochs: number[] | null;
        changes: number;
        tallied: number | null;
        active: number;
        readinessEpoch: number;
        horizonDays: number;
        readinessChanges: number;
        notReady: number;
      },
    ];

  it('to the day of the scan, folding in the changes written since', async () => {
    const org = await createOrganisation(h.db);
    for (const days of [10, 40, 400])
      await createCertificate(h.db, {
        organisationId: org.id,
        notAfter: new Date(NOW.getTime() + days * DAY),
      });
    expect((await tallies())[0].changes).toBeGreaterThan(0);

    h.clock.set(new Date(NOW.getTime() + 3 * DAY));
    await h.scan();
    const [after] = await tallies();
    expect(after.epochs).toEqual([brusselsEpochDay(h.clock.now())]);
    expect(after.changes).toBe(0);
    expect(after.tallied).toBe(after.active);
    expect(after.active).toBe(3);
    // The readiness tallies too, at the installation's policy: 180 days of horizon hold two of the three, neither
    // ready (no manager, no custodian).
    expect(after.readinessEpoch).toBe(brusselsEpochDay(h.clock.now()));
    expect(after.horizonDays).toBe(181);
    expect(after.readinessChanges).toBe(0);
    expect(after.notReady).toBe(2);
  });
});
