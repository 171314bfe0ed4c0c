import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { brusselsDate, RENEWAL_PHASES } from '@certdesk/domain';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { createKeystore, createPerson, openRenewal } from './support/inventory-fixtures.js';
import { seedCertificates } from './support/seed-certificates.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const DAY = 86_400_000;

describe('GET /api/v1/overview', () => {
  let t: TestApp;
  let risky: { id: string };
  let calm: { id: string };
  let other: { id: string };
  let viewer: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    risky = await createOrganisation(t, { name: 'Risky' });
    calm = await createOrganisation(t, { name: 'Calm' });
    other = await createOrganisation(t, { name: 'Other tenant' });
    viewer = await createUser(t, [
      { role: 'viewer', organisationId: risky.id },
      { role: 'viewer', organisationId: calm.id },
    ]);
    const calmKeystore = await createKeystore(t, calm.id);
    const calmManager = await createPerson(t, calm.id, 'Calm Manager');
    const riskyRows = await seedCertificates(t, [
      { organisationId: risky.id, toDays: -3, fromDays: -900 },
      { organisationId: risky.id, toDays: -40, fromDays: -900 },
      { organisationId: risky.id, toDays: 10 },
      { organisationId: risky.id, toDays: 20 },
      { organisationId: risky.id, toDays: 70 },
      { organisationId: risky.id, toDays: 200 },
      { organisationId: risky.id, fromDays: 2, toDays: 800 },
      { organisationId: risky.id, toDays: 20, state: 'superseded' },
    ]);
    await openRenewal(t, riskyRows[2]!, 'phase1-sent');
    await openRenewal(t, riskyRows[3]!, 'phase3-etk-activated');
    const calmRows = await seedCertificates(t, [
      { organisationId: calm.id, toDays: 300, keystoreId: calmKeystore, managerId: calmManager },
      { organisationId: calm.id, toDays: 45, keystoreId: calmKeystore, managerId: calmManager },
    ]);
    await openRenewal(t, calmRows[1]!, 'phase1-sent');
    await seedCertificates(t, [{ organisationId: other.id, toDays: -1, fromDays: -900 }]);
  });
  afterAll(() => t.close());

  async function overview(query = '', token = viewer.token) {
    const response = await t.http().get(`/api/v1/overview${query}`).set(bearer(token));
    if (response.status !== 200) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  it('counts active certificates by status, in my organisations only', async () => {
    const body = await overview();
    expect(body.byStatus).toEqual([
      { status: 'not-yet-valid', count: 1 },
      { status: 'valid', count: 2 },
      { status: 'renewable', count: 4 },
      { status: 'expired', count: 2 },
    ]);
    expect(body.total).toBe(9);
    const one = await overview(`?organisationId=${calm.id}`);
    expect(one.organisationId).toBe(calm.id);
    expect(one.byStatus.find((s: { status: string }) => s.status === 'valid').count).toBe(1);
    expect(one.total).toBe(2);
  });

  it('counts expiries per Brussels month for the current month and the 11 after it', async () => {
    const body = await overview();
    const now = new Date();
    expect(body.expiriesByMonth).toHaveLength(12);
    expect(body.expiriesByMonth[0].month).toBe(brusselsDate(now).slice(0, 7));
    const expected = new Map<string, number>();
    for (const days of [10, 20, 70, 200, 300, 45]) {
      const month = brusselsDate(new Date(now.getTime() + days * DAY)).slice(0, 7);
      expected.set(month, (expected.get(month) ?? 0) + 1);
    }
    for (const { month, count } of body.expiriesByMonth) expect(count).toBe(expected.get(month) ?? 0);
    expect(body.expiriesByMonth.reduce((n: number, m: { count: number }) => n + m.count, 0)).toBe(6);
  });

  it('ranks the organisations at risk: expired first, then renewable without renewal, then warnings', async () => {
    const body = await overview();
    expect(body.organisationsAtRisk).toEqual([
      {
        organisationId: risky.id,
        name: 'Risky',
        expired: 2,
        renewableWithoutRenewal: 1,
        // 5 certificates in force without a keystore place, 1 renewable without renewal.
        warnings: 6,
      },
    ]);
  });

  it('counts open renewals by phase, every open phase listed', async () => {
    const body = await overview();
    expect(body.renewalsInProgress).toEqual(
      RENEWAL_PHASES.filter((p) => p.phase < 4).map((p) => ({
        phase: p.phase,
        state: p.state,
        title: p.title,
        count: { 'phase1-sent': 2, 'phase2-completed': 0, 'phase3-etk-activated': 1 }[p.state as string],
      })),
    );
  });

  it('shows a central administrator everything', async () => {
    const body = await overview('', t.adminToken);
    expect(body.byStatus.find((s: { status: string }) => s.status === 'expired').count).toBe(3);
  });

  it('names the ten organisations with the most certificates not ready, and counts every one', async () => {
    // Twelve organisations with 1 to 12 certificates expiring within the horizon, none ready (no manager, no keystore).
    const organisations = [];
    for (let i = 1; i <= 12; i++) {
      const org = await createOrganisation(t, { name: `Not ready ${String(i).padStart(2, '0')}` });
      await seedCertificates(
        t,
        Array.from({ length: i }, (_, k) => ({ organisationId: org.id, toDays: 20 + k })),
      );
      organisations.push({
        organisationId: org.id,
        name: `Not ready ${String(i).padStart(2, '0')}`,
        count: i,
      });
    }
    const theirViewer = await createUser(
      t,
      organisations.map(({ organisationId }) => ({ role: 'viewer', organisationId })),
    );
    const body = await overview('', theirViewer.token);
    expect(body.readiness).toEqual({
      horizonDays: 180,
      notReady: 78,
      organisations: 12,
      byOrganisation: organisations.slice(2).reverse(),
    });
    // One of them alone: itself, whole.
    const one = await overview(`?organisationId=${organisations[0]!.organisationId}`, theirViewer.token);
    expect(one.readiness).toEqual({
      horizonDays: 180,
      notReady: 1,
      organisations: 1,
      byOrganisation: [organisations[0]],
    });
  });

  it("answers 404 for another tenant's organisation", async () => {
    const response = await t
      .http()
      .get(`/api/v1/overview?organisationId=${other.id}`)
      .set(bearer(viewer.token));
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('NOT_FOUND');
  });
});
