// Three notifier replicas of one installation (one database, one queue prefix) share the reminder run, while
// SIGKILLs land at random moments on random replicas (each is started again at once, as an orchestrator would).
// SMTP unthrottled. Every due reminder must be delivered, and a kill may cost at most one duplicate mail.
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@certdesk/persistence/testing';
import { MailSink } from './support/mail-sink.js';
import { waitUntil } from './support/ports.js';
import type { AppProcess } from './support/processes.js';
import { deliveryStates, seedDueCertificates, tally, type DueReminders } from './support/reminders.js';
import {
  apiProcess,
  cleanSharedRedis,
  LONG,
  logIn,
  notifierProcess,
  queuePrefix,
  requestRun,
  SHARED_REDIS_URL,
  waitUntilNothingQueued,
} from './support/stack.js';

// `npm test`: a short run; `npm run test:faults`: the 1,000 reminders.
const REMINDERS = LONG ? 1_000 : 200;
const KILLS = LONG ? 8 : 2;
const REPLICAS = 3;

describe(`${REPLICAS} notifier replicas SIGKILLed at random during a run`, () => {
  let database: TestDatabase;
  const prefix = queuePrefix('notifier-replicas');
  const sink = new MailSink(40);
  let api: Awaited<ReturnType<typeof apiProcess>>;
  const notifiers: AppProcess[] = [];
  let due: DueReminders;

  beforeAll(async () => {
    database = await createTestDatabase();
    await sink.start();
    // One certificate per organisation: one mail per reminder, as many mails (and kill windows) as can be.
    due = await seedDueCertificates(database.url, {
      organisations: REMINDERS,
      perOrganisation: 1,
      domain: 'replicas.test',
    });
    const redis = { REDIS_URL: SHARED_REDIS_URL };
    api = await apiProcess('api', { databaseUrl: database.url, redis, prefix });
    for (let i = 1; i <= REPLICAS; i++) {
      notifiers.push(
        notifierProcess(`notifier-${i}`, {
          databaseUrl: database.url,
          redis,
          prefix,
          smtpUrl: sink.url,
          // What a kill can duplicate is a mail between the server's "250" and the notifier's commit: one mail in
          // flight per replica makes that at most one per kill (with SEND_CONCURRENCY n, at most n).
          extra: { SEND_CONCURRENCY: '1', SMTP_MAX_CONNECTIONS: '1' },
        }),
      );
    }
    await Promise.all([api.start(), ...notifiers.map((notifier) => notifier.start())]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...notifiers, api].map((process) => process?.stop('SIGKILL')));
    await sink.stop();
    await cleanSharedRedis(prefix);
    await database?.drop();
  });

  it(`delivers all ${REMINDERS} due reminders through ${KILLS} SIGKILLs, at most one duplicate mail per kill`, async () => {
    const token = await logIn(api.url);
    await requestRun(api.url, token);

    // The kills land while mail goes out: each at a random moment (up to 300 ms) after the server has accepted a
    // random share of the run's mail.
    const moments = Array.from({ length: KILLS }, () =>
      Math.floor(REMINDERS * (0.1 + randomInt(75) / 100)),
    ).sort((a, b) => a - b);
    // A replica may be killed again while it starts (a random moment too): it is then started once more.
    const restarts: Promise<void>[] = [];
    const killed: string[] = [];
    for (const moment of moments) {
      await waitUntil(`${moment} mails accepted`, () => sink.accepted >= moment, 120_000, 10);
      await sleep(randomInt(300));
      const running = notifiers.filter((notifier) => notifier.running);
      const victim = running[randomInt(running.length)]!;
      const ended = await victim.stop('SIGKILL');
      expect(ended.signal).toBe('SIGKILL');
      killed.push(`${victim.name} at ${sink.accepted} mails`);
      restarts.push(victim.start().catch(() => undefined));
    }
    await Promise.all(restarts);
    for (const notifier of notifiers) if (!notifier.running) await notifier.start();
    await waitUntilNothingQueued(() => deliveryStates(database.url));
    await Promise.all(notifiers.map((notifier) => notifier.stop('SIGTERM')));

    const result = await tally(due, sink);
    const states = await deliveryStates(database.url);
    console.log(
      `notifier replicas: ${KILLS} SIGKILLs (${killed.join('; ')}); ${result.delivered} of ${REMINDERS} due ` +
        `reminders delivered (${result.missing} missing) in ${result.mails} mails; ` +
        `${result.duplicates} duplicate mail(s)`,
    );
    expect(result.missing).toBe(0);
    expect(result.delivered).toBe(REMINDERS);
    expect(states).toEqual({ sent: REMINDERS });
    expect(result.duplicates).toBeLessThanOrEqual(KILLS);
    // Each replica was admitted: the claim on the queue prefix lets every notifier of one database in.
    for (const notifier of notifiers) expect(notifier.output()).toMatch(/ready: Postgres and Redis answer/);
  }, 300_000);
});
