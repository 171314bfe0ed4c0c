import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createCertificate, createOrganisation, createRenewalCase, deliveries } from './support/fixtures.js';
import { DAY, startHarness, type Harness } from './support/harness.js';

const NOW = new Date('2026-11-10T05:00:00Z');
const inDays = (days: number) => new Date(NOW.getTime() + days * DAY + 6 * 3600_000);

describe('renewal and revocation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('renewals', { now: NOW });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.clock.set(NOW);
    h.sink.clear();
  });

  const mailedAbout = (id: string) => h.sink.mails.filter((m) => m.text.includes(`/certificates/${id}`));

  it.each([
    ['renewal is completed (phase 2)', 'phase2-completed', false],
    ['renewal ETK is activated (phase 3)', 'phase3-etk-activated', false],
    ['integrators have the new keystore', 'deployments-updated', false],
    ['renewal was only requested (phase 1)', 'phase1-sent', true],
    ['renewal was abandoned', 'abandoned', true],
  ])('a certificate whose %s (%s) is reminded: %s', async (_, state, reminded) => {
    const org = await createOrganisation(h.db);
    const id = await createCertificate(h.db, { organisationId: org.id, notAfter: inDays(25) });
    await createRenewalCase(h.db, {
      certificateId: id,
      state,
      stateChangedAt: new Date(NOW.getTime() - DAY),
    });
    await h.scan();
    expect(mailedAbout(id).length > 0).toBe(reminded);
  });

  it.each([
    ['revoked', false],
    ['superseded', false],
    ['active', true],
  ] as const)('a certificate in state %s is reminded: %s', async (state, reminded) => {
    const org = await createOrganisation(h.db);
    const id = await createCertificate(h.db, { organisationId: org.id, notAfter: inDays(25), state });
    await h.scan();
    expect(mailedAbout(id).length > 0).toBe(reminded);
  });

  it('stops reminding once the renewal passes phase 1, and after a revocation', async () => {
    const org = await createOrganisation(h.db);
    const renewed = await createCertificate(h.db, { organisationId: org.id, notAfter: inDays(35) });
    const revoked = await createCertificate(h.db, { organisationId: org.id, notAfter: inDays(35) });
    h.clock.set(new Date(NOW.getTime() + 5 * DAY)); // 30 days left
    await h.scan();
    expect(mailedAbout(renewed)).toHaveLength(1);
    expect(mailedAbout(revoked)).toHaveLength(1);

    await createRenewalCase(h.db, {
      certificateId: renewed,
      state: 'phase2-completed',
      stateChangedAt: h.clock.now(),
    });
    await h.db.query(`UPDATE certificate SET state = 'revoked', revoked_at = now() WHERE id = $1`, [revoked]);
    h.sink.clear();
    for (const day of [21, 28, 33, 36]) {
      h.clock.set(new Date(NOW.getTime() + day * DAY));
      await h.scan();
    }
    // Only the renewal stuck in phase 2 for 14 days is mailed about, in its own mail.
    expect(mailedAbout(renewed).map((m) => m.kind)).toEqual(['stalled']);
    expect(mailedAbout(revoked)).toHaveLength(0);
  });

  it('cancels mail already queued when the certificate is revoked before it goes out', async () => {
    const org = await createOrganisation(h.db);
    const id = await createCertificate(h.db, { organisationId: org.id, notAfter: inDays(13) });
    await h.sink.stop(); // nothing can be sent yet
    const runId = await h.notifier.requestRun();
    await waitFor(async () => {
      const [run] = (await h.db.query(`SELECT finished_at FROM reminder_run WHERE id = $1`, [runId])) as [
        { finished_at: Date | null },
      ];
      return run.finished_at !== null;
    });
    await h.idle(); // its send job tried and gave up: the mail is still queued
    expect((await deliveries(h.db)).filter((d) => d.certificate_id === id).map((d) => d.state)).toEqual([
      'queued',
    ]);
    await h.db.query(`UPDATE certificate SET state = 'revoked' WHERE id = $1`, [id]);
    await h.sink.start();
    await h.scan(); // picks up what is still queued
    expect(mailedAbout(id)).toHaveLength(0);
    const rows = (await deliveries(h.db)).filter((d) => d.certificate_id === id);
    expect(rows.map((r) => r.state)).toEqual(['cancelled']);
    expect(rows[0]!.error).toMatch(/revoked/);
  });

  it('reminds a renewal stuck in one phase for 14 days, once per phase', async () => {
    const org = await createOrganisation(h.db);
    const id = await createCertificate(h.db, { organisationId: org.id, notAfter: inDays(200) });
    const caseId = await createRenewalCase(h.db, {
      certificateId: id,
      state: 'phase1-sent',
      stateChangedAt: new Date(NOW.getTime() - 13 * DAY),
    });
    await h.scan();
    expect(mailedAbout(id)).toHaveLength(0); // 13 days: not stalled yet

    h.clock.set(new Date(NOW.getTime() + DAY));
    await h.scan();
    h.clock.set(new Date(NOW.getTime() + 2 * DAY));
    await h.scan();
    expect(mailedAbout(id).map((m) => m.kind)).toEqual(['stalled']);
    const rows = (await deliveries(h.db)).filter((d) => d.certificate_id === id);
    expect(rows.map((r) => r.milestone)).toEqual([`stalled:${caseId}:phase1-sent`]);

    // It moves on to phase 2 and stalls there too: one more reminder.
    await h.db.query(
      `UPDATE renewal_case SET state = 'phase2-completed', state_changed_at = $2 WHERE id = $1`,
      [caseId, h.clock.now()],
    );
    h.sink.clear();
    h.clock.set(new Date(NOW.getTime() + 17 * DAY));
    await h.scan();
    expect(mailedAbout(id).map((m) => m.kind)).toEqual(['stalled']);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
