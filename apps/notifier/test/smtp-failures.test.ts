import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { JOB_NAMES, type ReminderSendJob, reminderSendJobId } from '@certdesk/contracts';
import { createCertificate, createOrganisation, createUser, deliveries } from './support/fixtures.js';
import { DAY, startHarness, type Harness } from './support/harness.js';

const NOW = new Date('2026-11-10T05:00:00Z');
const inDays = (days: number) => new Date(NOW.getTime() + days * DAY + 6 * 3600_000);

describe('when SMTP fails', () => {
  let h: Harness;
  beforeAll(async () => {
    // Three attempts 200, 400 ms apart: the retries run out while the server is down.
    h = await startHarness('smtp-failures', {
      now: NOW,
      env: { SEND_ATTEMPTS: '3', SEND_RETRY_DELAY_MS: '200' },
    });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.sink.clear();
  });

  it('loses nothing while the server is down: mail stays queued, with the error, and goes out once it is back', async () => {
    const orgs = await Promise.all([1, 2, 3].map(() => createOrganisation(h.db)));
    const ids = await Promise.all(
      orgs.map((org, i) => createCertificate(h.db, { organisationId: org.id, notAfter: inDays(5 + i * 20) })),
    );
    await h.sink.stop();
    await h.scan(); // every send job retries, then fails for now
    const waiting = await deliveries(h.db);
    expect(waiting.filter((d) => ids.includes(d.certificate_id)).every((d) => d.state === 'queued')).toBe(
      true,
    );
    // Each address' first mail was tried three times (the urgent mail waits behind its digest).
    expect(
      waiting.filter((d) => ids.includes(d.certificate_id) && d.kind === 'digest').map((d) => d.attempts),
    ).toEqual([3, 3, 3]);
    expect(waiting[0]!.error).toMatch(/ECONNREFUSED|connect/i);
    const failedJobs = await h.notifier.queues.send.getJobCounts('failed');
    expect(failedJobs.failed).toBeGreaterThan(0);

    await h.sink.start();
    await h.scan(); // the next scan (or a restart) queues them again
    const delivered = await deliveries(h.db);
    expect(delivered.filter((d) => ids.includes(d.certificate_id)).map((d) => d.state)).toEqual(
      Array(4).fill('sent'), // three digests and the urgent mail of the 5-day certificate
    );
    for (const [i, org] of orgs.entries()) {
      expect(h.sink.to(org.contacts[0]!).some((m) => m.text.includes(ids[i]!))).toBe(true);
    }
    expect(h.sink.mails).toHaveLength(4);
  });

  it('retries while the server is briefly down, and delivers within the retries', async () => {
    const org = await createOrganisation(h.db);
    const id = await createCertificate(h.db, { organisationId: org.id, notAfter: inDays(30) });
    await h.sink.stop();
    await h.notifier.requestRun();
    // Back up as soon as the first attempt failed (two retries are left).
    for (let i = 0; i < 500; i++) {
      const [row] = (await deliveries(h.db)).filter((d) => d.certificate_id === id);
      if (row?.error) break;
      await sleep(10);
    }
    await h.sink.start();
    await h.idle();
    const [row] = (await deliveries(h.db)).filter((d) => d.certificate_id === id);
    expect(row).toMatchObject({ state: 'sent' });
    expect(row!.attempts).toBeGreaterThanOrEqual(2);
    expect(h.sink.to(org.contacts[0]!)).toHaveLength(1);
  });

  it('still sends a job queued with one `recipient`, as notifiers before shared jobs queued them', async () => {
    const org = await createOrganisation(h.db);
    const id = await createCertificate(h.db, { organisationId: org.id, notAfter: inDays(30) });
    await h.sink.stop();
    await h.scan(); // every try fails: the mail stays queued
    await h.sink.start();
    const recipient = org.contacts[0]!;
    const legacy = { recipient, batch: 'before-shared-jobs' } as unknown as ReminderSendJob;
    await h.notifier.queues.send.add(JOB_NAMES.send, legacy, {
      jobId: reminderSendJobId('before-shared-jobs', [recipient]),
    });
    await h.idle();
    const [row] = (await deliveries(h.db)).filter((d) => d.certificate_id === id);
    expect(row).toMatchObject({ state: 'sent' });
    expect(h.sink.to(recipient)).toHaveLength(1);
  });

  it('fails an address the server refuses for good, flags its contact, and tells the administrators instead', async () => {
    const admin = 'admin@refused.test';
    const org = await createOrganisation(h.db, {
      contacts: [{ email: 'nobody@refused.test', generic: true }],
    });
    await createUser(h.db, { email: admin, role: 'org-admin', organisationId: org.id });
    const id = await createCertificate(h.db, { organisationId: org.id, notAfter: inDays(4) });
    h.sink.refused.add('nobody@refused.test');
    await h.scan();
    await h.idle();

    const rows = (await deliveries(h.db)).filter((d) => d.certificate_id === id);
    const refused = rows.filter((d) => d.recipient === 'nobody@refused.test');
    expect(refused.map((d) => [d.kind, d.state])).toEqual([
      ['digest', 'failed'],
      ['urgent', 'failed'],
    ]);
    expect(refused[0]!.error).toMatch(/550/);
    expect(refused.reduce((sum, d) => sum + d.attempts, 0)).toBe(1); // one try: 5xx is not retried

    const [contact] = (await h.db.query(
      `SELECT delivery_failed_at, delivery_failure FROM contact WHERE email = 'nobody@refused.test'`,
    )) as { delivery_failed_at: Date | null; delivery_failure: string | null }[];
    expect(contact!.delivery_failed_at).not.toBeNull();
    expect(contact!.delivery_failure).toMatch(/550/);

    const toAdmin = h.sink.to(admin);
    expect(toAdmin.map((m) => m.kind).sort()).toEqual(['digest', 'urgent']);
    expect(toAdmin.find((m) => m.kind === 'digest')!.text).toContain(org.name);

    // Later reminders skip the flagged address from the start.
    h.sink.clear();
    h.clock.set(new Date(NOW.getTime() + 2 * DAY));
    await h.scan();
    expect(h.sink.to('nobody@refused.test')).toHaveLength(0);
    expect(h.sink.to(admin).length).toBeGreaterThan(0);
    h.clock.set(NOW);
  });
});

describe('when SMTP fails with several addresses to a send job', () => {
  let h: Harness;
  beforeAll(async () => {
    // One send at once: twelve addresses make four jobs of three.
    h = await startHarness('smtp-failures-shared-jobs', {
      now: NOW,
      env: { SEND_CONCURRENCY: '1', SEND_ATTEMPTS: '3', SEND_RETRY_DELAY_MS: '200' },
    });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.sink.clear();
  });

  const twelveOrganisations = async (tag: string) => {
    // The addresses in the order the jobs take them: `a-` to `c-` in the first, `d-` to `f-` in the second...
    const addresses = [...'abcdefghijkl'].map((letter) => `${letter}-${tag}@shared.test`);
    for (const email of addresses) {
      const org = await createOrganisation(h.db, { contacts: [{ email, generic: true }] });
      await createCertificate(h.db, { organisationId: org.id, notAfter: inDays(30) });
    }
    return addresses;
  };

  it('one address the server defers holds up none of the others, and goes out once taken', async () => {
    const addresses = await twelveOrganisations('deferred');
    const [deferred, ...others] = addresses as [string, ...string[]];
    h.sink.deferred.add(deferred);
    const runId = await h.scan();
    await h.idle();
    const [run] = (await h.db.query(`SELECT counts FROM reminder_run WHERE id = $1`, [runId])) as {
      counts: { sendJobs: number };
    }[];
    expect(run!.counts.sendJobs).toBe(4);

    const sendJobs = await h.notifier.queues.send.getJobs(['completed', 'failed']);
    expect(Math.max(...sendJobs.map((job) => job.data.recipients.length))).toBe(3);
    for (const address of others) expect(h.sink.to(address)).toHaveLength(1);
    expect(h.sink.to(deferred)).toHaveLength(0);
    const rows = (await deliveries(h.db)).filter((d) => addresses.includes(d.recipient));
    const held = rows.filter((d) => d.recipient === deferred);
    expect(held.map((d) => [d.state, d.attempts])).toEqual([['queued', 3]]);
    expect(held[0]!.error).toMatch(/452/);
    expect(rows.filter((d) => d.recipient !== deferred).every((d) => d.state === 'sent')).toBe(true);

    h.sink.deferred.delete(deferred);
    await h.scan(); // the next scan (or a restart) queues it again
    await h.idle();
    expect(h.sink.to(deferred)).toHaveLength(1);
    for (const address of others) expect(h.sink.to(address)).toHaveLength(1);
  });

  it('a server that takes no mail stops the job at its first address: the rest waits for it', async () => {
    const addresses = await twelveOrganisations('down');
    await h.sink.stop();
    await h.scan();
    await h.idle();
    const rows = (await deliveries(h.db)).filter((d) => addresses.includes(d.recipient));
    expect(rows.every((d) => d.state === 'queued')).toBe(true);
    // Each job's first address was tried three times, its two others not at all.
    const attempts = Object.fromEntries(rows.map((d) => [d.recipient.split('-')[0], d.attempts]));
    expect(attempts).toEqual({ a: 3, b: 0, c: 0, d: 3, e: 0, f: 0, g: 3, h: 0, i: 0, j: 3, k: 0, l: 0 });

    await h.sink.start();
    await h.scan();
    await h.idle();
    for (const address of addresses) expect(h.sink.to(address)).toHaveLength(1);
  });
});
