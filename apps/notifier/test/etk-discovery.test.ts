import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ETK_DISCOVERY_ATTEMPTS, ETK_DISCOVERY_SCHEDULER_ID, etkDiscoveryJobId } from '@certdesk/contracts';
import { EtkDiscoveryScheduler } from '../src/etk-discovery/etk-discovery-scheduler.js';
import { cleanRedis, type Harness, startHarness } from './support/harness.js';

// The ETK directory's schedule (issue 11): the notifier plans the discovery and queues one job per organisation, with
// retries, for the api's workers (apps/api/test/etk-directory.test.ts works such jobs against the depot's replay).
describe('the ETK directory discovery schedule', () => {
  let h: Harness;
  let scheduler: EtkDiscoveryScheduler;

  beforeAll(async () => {
    h = await startHarness('etk-discovery', { env: { ETK_DISCOVERY_CRON: '0 4 * * 1' } });
    scheduler = h.notifier.app.get(EtkDiscoveryScheduler);
  });
  afterAll(() => h.close());

  it('is scheduled by ETK_DISCOVERY_CRON in REMINDER_TIMEZONE', async () => {
    const planned = await scheduler.schedule.getJobScheduler(ETK_DISCOVERY_SCHEDULER_ID);
    expect(planned).toMatchObject({ pattern: '0 4 * * 1', tz: 'Europe/Brussels' });
    // Its next run is on a Monday at 04:00 in Brussels.
    const next = new Date(planned!.next!);
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Brussels',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    }).format(next);
    expect(local).toBe('Mon 04:00');
  });

  it('fans a run out into one retried job per organisation, once however often it is tried', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const [{ id }] = (await h.db.query(`INSERT INTO organisation (name) VALUES ($1) RETURNING id`, [
        `Org ${i}`,
      ])) as [{ id: string }];
      ids.push(id);
    }
    // The api's workers are not running here: the jobs wait for them.
    await scheduler.fanOut('run-1');
    await scheduler.fanOut('run-1');
    const waiting = await scheduler.organisations.getJobs(['waiting', 'prioritized', 'delayed']);
    expect(waiting.map((job) => job.id).sort()).toEqual(
      ids.map((id) => etkDiscoveryJobId('run-1', id)).sort(),
    );
    for (const job of waiting) {
      expect(job.data).toEqual({ organisationId: expect.any(String), run: 'run-1' });
      expect(job.opts.attempts).toBe(ETK_DISCOVERY_ATTEMPTS);
      expect(job.opts.backoff).toMatchObject({ type: 'exponential' });
    }
    await scheduler.fanOut('run-2');
    expect(await scheduler.organisations.getJobCountByTypes('waiting', 'prioritized')).toBe(6);
  });
});

describe('with ETK_DEPOT=off', () => {
  it('schedules no discovery, and removes one left by an earlier start', async () => {
    const first = await startHarness('etk-discovery-off');
    const prefix = first.config.queuePrefix;
    const scheduled = await first.notifier.app
      .get(EtkDiscoveryScheduler)
      .schedule.getJobScheduler(ETK_DISCOVERY_SCHEDULER_ID);
    expect(scheduled).toBeTruthy();
    await first.notifier.close();
    const off = await startHarness('etk-discovery-off', { prefix, env: { ETK_DEPOT: 'OFF' } });
    try {
      const left = await off.notifier.app
        .get(EtkDiscoveryScheduler)
        .schedule.getJobScheduler(ETK_DISCOVERY_SCHEDULER_ID);
      expect(left).toBeFalsy();
    } finally {
      await off.close();
      await first.sink.stop();
      await first.database.drop();
      await cleanRedis(prefix);
    }
  });
});
