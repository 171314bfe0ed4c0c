import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { daysLeft } from '@certdesk/domain';
import { ContactEntity } from '@certdesk/persistence';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { createKeystore, createPerson } from './support/inventory-fixtures.js';
import { seedCertificates } from './support/seed-certificates.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

interface Item {
  severity: string;
  certificateId?: string;
  identifierType?: string;
  identifierValue?: string;
  applicationId?: string;
  notAfter?: string;
  daysLeft?: number;
  managerName?: string;
  contactEmail?: string;
  failure?: string;
  used?: number;
  limit?: number;
  message: string;
}
interface Group {
  organisationId: string;
  organisationName: string;
  code: string;
  severity: string;
  count: number;
  items: Item[];
}
interface GroupPage {
  groups: Group[];
  total: number;
}

describe('GET /api/v1/warnings/groups', () => {
  let t: TestApp;
  let alpha: { id: string; name: string };
  let bravo: { id: string; name: string };
  let other: { id: string; name: string };
  let viewer: TestUser;
  let outsider: TestUser;
  const noKeystore: { id: string; notAfter: Date }[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    alpha = await createOrganisation(t, { name: 'Ambulances Alpha' });
    bravo = await createOrganisation(t, {
      name: 'Bravo Hospital',
      contacts: [
        { email: 'jan@bravo.test', language: 'nl', generic: false },
        { email: 'bounced@bravo.test', language: 'nl', generic: false },
      ],
    });
    other = await createOrganisation(t, { name: 'Other tenant' });
    viewer = await createUser(t, [
      { role: 'viewer', organisationId: alpha.id },
      { role: 'viewer', organisationId: bravo.id },
    ]);
    outsider = await createUser(t, [{ role: 'viewer', organisationId: other.id }]);
    await t.app
      .get(DataSource)
      .getRepository(ContactEntity)
      .update(
        { email: 'bounced@bravo.test' },
        { deliveryFailedAt: new Date(), deliveryFailure: '550 no such user' },
      );

    const stays = await createPerson(t, alpha.id, 'Still Here');
    const left = await createPerson(t, alpha.id, 'Gone Away', false);
    const keystore = await createKeystore(t, alpha.id);
    // Twelve acceptance certificates with no known keystore, valid for a year or more (one kind of warning each),
    // with application IDs; two whose manager left; one renewable at 3 days (critical) and one at 60 days; two
    // production certificates of one SSIN (a person may hold one).
    const unknownPlace = await seedCertificates(
      t,
      Array.from({ length: 12 }, (_, i) => ({
        organisationId: alpha.id,
        managerId: stays,
        keystoreId: null,
        environment: 'acceptance' as const,
        applicationId: `APP_${String(i).padStart(2, '0')}`,
        toDays: 400 + i * 10,
      })),
    );
    noKeystore.push(...unknownPlace.map((c) => ({ id: c.id, notAfter: c.notAfter })));
    await seedCertificates(t, [
      { organisationId: alpha.id, keystoreId: keystore, managerId: left, toDays: 500 },
      { organisationId: alpha.id, keystoreId: keystore, managerId: left, toDays: 450 },
      { organisationId: alpha.id, keystoreId: keystore, managerId: stays, toDays: 3 },
      { organisationId: alpha.id, keystoreId: keystore, managerId: stays, toDays: 60 },
      {
        organisationId: alpha.id,
        keystoreId: keystore,
        managerId: stays,
        toDays: 700,
        identifierType: 'SSIN',
        identifierValue: '85073003328',
        holderName: 'Elise Janssens',
      },
      {
        organisationId: alpha.id,
        keystoreId: keystore,
        managerId: stays,
        toDays: 800,
        identifierType: 'SSIN',
        identifierValue: '85073003328',
        holderName: 'Elise Janssens',
      },
      { organisationId: other.id, toDays: 30, environment: 'unknown' },
    ]);
  });
  afterAll(() => t.close());

  async function groups(query = '', token = viewer.token): Promise<GroupPage> {
    const response = await t.http().get(`/api/v1/warnings/groups${query}`).set(bearer(token));
    if (response.status !== 200) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
  const find = (page: GroupPage, organisationId: string, code: string) =>
    page.groups.find((g) => g.organisationId === organisationId && g.code === code);

  it('gives one group per organisation and kind, naming its certificates with identifier, application ID and days left', async () => {
    const page = await groups('?limit=200');
    const keystores = find(page, alpha.id, 'KEYSTORE_LOCATION_UNKNOWN')!;
    expect(keystores).toMatchObject({ organisationName: 'Ambulances Alpha', severity: 'warning', count: 12 });
    // A page of its certificates (10 by default), soonest expiry first.
    const now = new Date();
    const expected = [...noKeystore].sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime()).slice(0, 10);
    expect(keystores.items.map((i) => i.certificateId)).toEqual(expected.map((c) => c.id));
    expect(keystores.items[0]).toMatchObject({
      identifierType: 'NIHII-AMBU_SERVICE',
      identifierValue: expect.stringMatching(/^\d{8}$/),
      applicationId: 'APP_00',
      daysLeft: daysLeft(expected[0]!.notAfter, now),
    });
    // Every (organisation, code) once: no twenty identical lines.
    const keys = page.groups.map((g) => `${g.organisationId}/${g.code}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(page.total).toBe(page.groups.length);
  });

  it('holds exactly the warnings of the flat list', async () => {
    const flat = (await t.http().get('/api/v1/warnings').set(bearer(viewer.token)).expect(200)).body as {
      code: string;
      organisationId: string;
    }[];
    const page = await groups('?limit=200');
    const counted = new Map<string, number>();
    for (const w of flat)
      counted.set(`${w.organisationId}/${w.code}`, (counted.get(`${w.organisationId}/${w.code}`) ?? 0) + 1);
    expect(new Map(page.groups.map((g) => [`${g.organisationId}/${g.code}`, g.count]))).toEqual(counted);
  });

  it('puts critical groups first: a manager who left, a renewal due in 3 days, a limit passed', async () => {
    const page = await groups('?limit=200');
    const ranks = page.groups.map((g) => (g.severity === 'critical' ? 0 : 1));
    expect(ranks).toEqual([...ranks].sort());
    const managerLeft = find(page, alpha.id, 'MANAGER_LEFT')!;
    expect(managerLeft).toMatchObject({ severity: 'critical', count: 2 });
    expect(managerLeft.items.map((i) => i.managerName)).toEqual(['Gone Away', 'Gone Away']);
    // One urgent certificate makes its group critical; the item at 60 days stays a warning.
    const renewable = find(page, alpha.id, 'RENEWABLE_NO_RENEWAL')!;
    expect(renewable.severity).toBe('critical');
    expect(renewable.items.map((i) => [i.daysLeft, i.severity])).toEqual([
      [3, 'critical'],
      [60, 'warning'],
    ]);
    const limit = find(page, alpha.id, 'PRODUCTION_LIMIT_EXCEEDED')!;
    expect(limit.items).toEqual([
      expect.objectContaining({
        identifierType: 'SSIN',
        identifierValue: '850730-***-**',
        used: 2,
        limit: 1,
      }),
    ]);
  });

  it('names the failed address and its failure, and the organisation warnings have no certificate', async () => {
    const page = await groups(`?organisationId=${bravo.id}`);
    expect(page.groups.map((g) => g.code).sort()).toEqual(['CONTACT_DELIVERY_FAILED', 'NO_GENERIC_CONTACT']);
    expect(find(page, bravo.id, 'CONTACT_DELIVERY_FAILED')!.items).toEqual([
      expect.objectContaining({ contactEmail: 'bounced@bravo.test', failure: '550 no such user' }),
    ]);
    expect(page.groups.every((g) => g.items.every((i) => i.certificateId === undefined))).toBe(true);
  });

  it('pages through the groups without losing or repeating one', async () => {
    const all = await groups('?limit=200');
    const seen: string[] = [];
    for (let offset = 0; offset < all.total; offset += 2) {
      const page = await groups(`?limit=2&offset=${offset}`);
      expect(page.total).toBe(all.total);
      expect(page.groups.length).toBeLessThanOrEqual(2);
      // Each group whole on its page: its count, grade and warnings as on the page of every group (the page's
      // warnings are read for the page's organisations alone).
      expect(page.groups).toEqual(all.groups.slice(offset, offset + 2));
      seen.push(...page.groups.map((g) => `${g.organisationId}/${g.code}`));
    }
    expect(seen).toEqual(all.groups.map((g) => `${g.organisationId}/${g.code}`));
    expect(await groups(`?offset=${all.total}`)).toEqual({ groups: [], total: all.total });
  });

  it("pages through one group's certificates", async () => {
    const query = `?organisationId=${alpha.id}&code=KEYSTORE_LOCATION_UNKNOWN&items=5`;
    const pages = await Promise.all([0, 5, 10].map((at) => groups(`${query}&itemsOffset=${at}`)));
    expect(pages.map((p) => p.groups[0]!.items.length)).toEqual([5, 5, 2]);
    expect(pages.every((p) => p.groups.length === 1 && p.groups[0]!.count === 12)).toBe(true);
    const ids = pages.flatMap((p) => p.groups[0]!.items.map((i) => i.certificateId));
    expect(new Set(ids)).toEqual(new Set(noKeystore.map((c) => c.id)));
  });

  it('shows a central administrator the SSIN itself', async () => {
    const page = await groups(`?organisationId=${alpha.id}&code=PRODUCTION_LIMIT_EXCEEDED`, t.adminToken);
    expect(page.groups[0]!.items[0]!.identifierValue).toBe('85073003328');
  });

  it("leaves another tenant's groups out, and answers 404 for its organisation as for a missing one", async () => {
    const mine = await groups('?limit=200');
    expect(new Set(mine.groups.map((g) => g.organisationId))).toEqual(new Set([alpha.id, bravo.id]));
    const theirs = await groups('?limit=200', outsider.token);
    expect(new Set(theirs.groups.map((g) => g.organisationId))).toEqual(new Set([other.id]));
    const before = await snapshot(t);
    const refused = await t
      .http()
      .get(`/api/v1/warnings/groups?organisationId=${other.id}`)
      .set(bearer(viewer.token));
    expect(refused.status).toBe(404);
    const missing = await t
      .http()
      .get('/api/v1/warnings/groups?organisationId=00000000-0000-4000-8000-000000000000')
      .set(bearer(viewer.token));
    expect(missing.body).toEqual(refused.body);
    expect(await snapshot(t)).toEqual(before);
    await t.http().get('/api/v1/warnings/groups').expect(401);
  });

  it('refuses bad paging, codes and ids with 400, and changes nothing', async () => {
    const before = await snapshot(t);
    for (const query of [
      'limit=0',
      'limit=201',
      'offset=-1',
      'offset=1e400',
      `offset=${'9'.repeat(5000)}`,
      'items=0',
      'items=101',
      'itemsOffset=-3',
      'code=NOPE',
      'code=MANAGER_LEFT%00',
      'organisationId=x',
      'organisationId=%0a%0d',
      'limit[a][b][c]=1',
    ]) {
      const response = await t.http().get(`/api/v1/warnings/groups?${query}`).set(bearer(viewer.token));
      expect([query, response.status]).toEqual([query, 400]);
    }
    expect(await snapshot(t)).toEqual(before);
  });
});
