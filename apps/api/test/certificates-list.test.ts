import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { seedCertificates, type SeedCertificateInput } from './support/seed-certificates.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

interface Item {
  id: string;
  organisationId: string;
  organisationName: string;
  status: string;
  daysLeft: number;
  notAfter: string;
  importedAt: string;
  state: string;
  ehealth: {
    identifierType: string;
    identifierValue: string;
    holderName: string | null;
    environment: string;
  } | null;
  manager: { id: string } | null;
}

const DAY = 86_400_000;

describe('GET /api/v1/certificates: filters, sorting, keyset pages, CSV', () => {
  let t: TestApp;
  let own: { id: string; name: string };
  let second: { id: string; name: string };
  let other: { id: string; name: string };
  let viewer: TestUser;
  let outsider: TestUser;
  let manager: TestUser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    own = await createOrganisation(t, { name: 'Beta ambulances' });
    second = await createOrganisation(t, { name: 'alpha hospital' });
    other = await createOrganisation(t, { name: 'Other tenant' });
    viewer = await createUser(t, [
      { role: 'viewer', organisationId: own.id },
      { role: 'viewer', organisationId: second.id },
    ]);
    outsider = await createUser(t, [{ role: 'org-admin', organisationId: other.id }]);
    manager = await createUser(t, [{ role: 'certificate-manager', organisationId: own.id }]);
    const named: [string, SeedCertificateInput][] = [
      ['expired', { organisationId: own.id, fromDays: -1000, toDays: -10, holderName: 'Delta' }],
      ['notYetValid', { organisationId: own.id, fromDays: 5, toDays: 1000, holderName: 'Echo' }],
      ['renewable', { organisationId: own.id, toDays: 30, holderName: 'Zorro', managerId: manager.personId }],
      ['renewableSoon', { organisationId: own.id, toDays: 3, holderName: 'Yankee' }],
      [
        'valid',
        { organisationId: own.id, toDays: 400, holderName: 'Alpha', applicationId: 'VITALINKGATEWAY' },
      ],
      ['acceptance', { organisationId: own.id, toDays: 500, environment: 'acceptance', holderName: 'Bravo' }],
      ['unknownEnv', { organisationId: own.id, toDays: 600, environment: 'unknown', holderName: 'Charlie' }],
      [
        'person',
        {
          organisationId: own.id,
          identifierType: 'SSIN',
          identifierValue: '85073003328',
          holderName: 'Elise Janssens',
          toDays: 200,
        },
      ],
      ['superseded', { organisationId: own.id, toDays: 20, state: 'superseded', holderName: 'Old One' }],
      ['revoked', { organisationId: own.id, toDays: 300, state: 'revoked', holderName: 'Revoked One' }],
      ['secondOrg', { organisationId: second.id, toDays: 45, holderName: 'Hotel' }],
      ['otherTenant', { organisationId: other.id, toDays: 30, holderName: 'Secret Other' }],
      ['formula', { organisationId: own.id, toDays: 700, holderName: '=HYPERLINK(1)' }],
    ];
    const rows = await seedCertificates(
      t,
      named.map(([, input], i) => ({
        ...input,
        importedAt: new Date(Date.now() - (named.length - i) * DAY),
      })),
    );
    named.forEach(([name], i) => (ids[name] = rows[i]!.id));
  });
  afterAll(() => t.close());

  async function list(
    query: string,
    token = viewer.token,
  ): Promise<{ items: Item[]; nextCursor: string | null; total: number }> {
    const response = await t.http().get(`/api/v1/certificates?${query}`).set(bearer(token));
    if (response.status !== 200)
      throw new Error(`${query}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
  const names = (items: Item[]) => items.map((i) => Object.keys(ids).find((k) => ids[k] === i.id)).sort();

  it('lists the active certificates of my organisations, soonest expiry first, never another tenant’s', async () => {
    const { items, nextCursor } = await list('');
    expect(nextCursor).toBeNull();
    expect(names(items)).toEqual(
      [
        'expired',
        'notYetValid',
        'renewable',
        'renewableSoon',
        'valid',
        'acceptance',
        'unknownEnv',
        'person',
        'secondOrg',
        'formula',
      ].sort(),
    );
    const notAfters = items.map((i) => i.notAfter);
    expect(notAfters).toEqual([...notAfters].sort());
    const theirs = await list('', outsider.token);
    expect(names(theirs.items)).toEqual(['otherTenant']);
  });

  it.each([
    ['status=expired', ['expired']],
    ['status=not-yet-valid', ['notYetValid']],
    ['status=renewable', ['renewable', 'renewableSoon', 'secondOrg']],
    ['status=valid', ['valid', 'acceptance', 'unknownEnv', 'person', 'formula']],
    ['status=renewable&status=expired', ['renewable', 'renewableSoon', 'secondOrg', 'expired']],
    ['status=renewable,expired', ['renewable', 'renewableSoon', 'secondOrg', 'expired']],
    ['expiresWithinDays=30', ['renewable', 'renewableSoon']],
    ['expiresWithinDays=3', ['renewableSoon']],
    ['expiresWithinDays=0', []],
    ['environment=acceptance', ['acceptance']],
    ['environment=unknown', ['unknownEnv']],
    ['identifierType=SSIN', ['person']],
    ['q=zorr', ['renewable']],
    ['q=janssens', ['person']],
    ['q=850730', ['person']],
    ['q=vitalink', ['valid']],
    [
      'q=eHealth-platform',
      [
        'expired',
        'notYetValid',
        'renewable',
        'renewableSoon',
        'valid',
        'acceptance',
        'unknownEnv',
        'person',
        'secondOrg',
        'formula',
      ],
    ],
    ['q=%25', []],
    ['state=superseded', ['superseded']],
    ['state=revoked,superseded', ['revoked', 'superseded']],
    ['state=superseded&status=renewable', ['superseded']],
    ['status=renewable&q=hotel', ['secondOrg']],
  ])('filters %s, and counts what it finds', async (query, expected) => {
    const { items, total } = await list(query);
    expect(names(items)).toEqual([...expected].sort());
    expect(total).toBe(expected.length);
    for (const item of items) {
      if (query === 'status=renewable') expect(item.status).toBe('renewable');
      if (query.startsWith('expiresWithinDays=30')) expect(item.daysLeft).toBeLessThanOrEqual(30);
    }
  });

  it("filters by organisation and by manager, and names each row's organisation", async () => {
    const inSecond = (await list(`organisationId=${second.id}`)).items;
    expect(names(inSecond)).toEqual(['secondOrg']);
    expect(inSecond.map((c) => c.organisationName)).toEqual(['alpha hospital']);
    expect(new Set((await list('')).items.map((c) => `${c.organisationId} ${c.organisationName}`))).toEqual(
      new Set([`${own.id} Beta ambulances`, `${second.id} alpha hospital`]),
    );
    expect(names((await list(`managerId=${manager.personId}`)).items)).toEqual(['renewable']);
    // Another tenant's organisation: nothing, exactly as an organisation without certificates.
    expect((await list(`organisationId=${other.id}`)).items).toEqual([]);
  });

  it('answers total null, and the same page, when asked not to count', async () => {
    const counted = await list('status=renewable&limit=2');
    const uncounted = await t
      .http()
      .get(`/api/v1/certificates?status=renewable&limit=2&count=false&cursor=${counted.nextCursor}`)
      .set(bearer(viewer.token));
    expect(uncounted.status).toBe(200);
    expect(uncounted.body.total).toBeNull();
    const second = await list(`status=renewable&limit=2&cursor=${counted.nextCursor}`);
    expect(second.total).toBe(3);
    expect(uncounted.body.items.map((i: Item) => i.id)).toEqual(second.items.map((i) => i.id));
    expect((await list('status=renewable&count=true')).total).toBe(3);
  });

  it.each([
    ['status=bogus'],
    ['count=no'],
    ['count=1'],
    ['count='],
    ['count=FALSE'],
    ['count=false&count=false'],
    ['count=false%00'],
    ['environment=moon'],
    ['limit=0'],
    ['limit=501'],
    ['expiresWithinDays=-1'],
    ['sort=subject'],
    ['organisationId=not-a-uuid'],
    ['unexpected=1'],
  ])('refuses %s with 400', async (query) => {
    const response = await t.http().get(`/api/v1/certificates?${query}`).set(bearer(viewer.token));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('BAD_REQUEST');
  });

  it('refuses an overlong count with 400', async () => {
    const response = await t
      .http()
      .get(`/api/v1/certificates?count=${'f'.repeat(12_000)}`)
      .set(bearer(viewer.token));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('BAD_REQUEST');
  });

  it('refuses a cursor it did not make, or made for another sort', async () => {
    const bad = await t.http().get('/api/v1/certificates?cursor=garbage').set(bearer(viewer.token));
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('INVALID_CURSOR');
    const { nextCursor } = await list('limit=1');
    const mismatch = await t
      .http()
      .get(`/api/v1/certificates?limit=1&sort=holder&cursor=${nextCursor}`)
      .set(bearer(viewer.token));
    expect(mismatch.status).toBe(422);
  });

  const comparators: Record<string, (a: Item, b: Item) => number> = {
    notAfter: (a, b) => a.notAfter.localeCompare(b.notAfter),
    importedAt: (a, b) => a.importedAt.localeCompare(b.importedAt),
    holder: (a, b) => cmp(a.ehealth?.holderName ?? '', b.ehealth?.holderName ?? ''),
    identifier: (a, b) =>
      cmp(a.ehealth?.identifierType ?? '', b.ehealth?.identifierType ?? '') ||
      cmp(a.ehealth?.identifierValue ?? '', b.ehealth?.identifierValue ?? ''),
    organisation: (a, b) => cmp(orgName(a.organisationId), orgName(b.organisationId)),
  };
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const orgName = (id: string) => (id === own.id ? 'beta ambulances' : 'alpha hospital');

  for (const sort of Object.keys(comparators)) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`sorts by ${sort} ${direction}, and pages of 3 cover it without duplicates or gaps`, async () => {
        const whole = (await list(`sort=${sort}&direction=${direction}&limit=500`)).items;
        const sign = direction === 'asc' ? 1 : -1;
        for (let i = 1; i < whole.length; i++) {
          expect(sign * comparators[sort]!(whole[i - 1]!, whole[i]!)).toBeLessThanOrEqual(0);
        }
        const paged: Item[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: Item[]; nextCursor: string | null; total: number } = await list(
            `sort=${sort}&direction=${direction}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(page.items.length).toBeLessThanOrEqual(3);
          // Every page counts all of them, not what is left after the cursor.
          expect(page.total).toBe(whole.length);
          paged.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        expect(paged.map((i) => i.id)).toEqual(whole.map((i) => i.id));
      });
    }
  }

  it('keeps pages stable while certificates are inserted between them', async () => {
    await seedCertificates(
      t,
      [100, 200, 300].map((toDays) => ({ organisationId: second.id, toDays })),
    );
    const before = (await list('limit=500&organisationId=' + second.id)).items.map((i) => i.id);
    const first = await list(`organisationId=${second.id}&limit=1`);
    // Rows with equal notAfter (tie broken by id) and earlier/later ones arrive between the two pages.
    const notAfter = new Date(first.items[0]!.notAfter);
    const added = await seedCertificates(t, [
      { organisationId: second.id, notBefore: new Date(Date.now() - DAY), notAfter },
      { organisationId: second.id, notBefore: new Date(Date.now() - DAY), notAfter },
      { organisationId: second.id, toDays: 1 },
      { organisationId: second.id, toDays: 900 },
    ]);
    const seen = [...first.items.map((i) => i.id)];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await list(`organisationId=${second.id}&limit=1&cursor=${cursor}`);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of before) expect(seen).toContain(id);
    // Those sorting after the first page's row appear; the one sorting before it (1 day left) does not.
    expect(seen).toContain(added[3]!.id);
    expect(seen).not.toContain(added[2]!.id);
  });

  describe('CSV export', () => {
    it('streams every matching certificate (not one page), with the JSON field names', async () => {
      const response = await t
        .http()
        .get('/api/v1/certificates?limit=1&status=valid,renewable&format=csv')
        .set(bearer(viewer.token));
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toMatch(/attachment/);
      const rows: Record<string, string>[] = parse(response.text, { columns: true, bom: true });
      // The organisation's name came last, after the columns scripts may read by position.
      const [header] = parse(response.text, { bom: true, to_line: 1 }) as string[][];
      expect(header!.slice(-3)).toEqual(['renewal.phase', 'importedAt', 'organisationName']);
      const json = (await list('limit=500&status=valid,renewable')).items;
      expect(rows.map((r) => r.id)).toEqual(json.map((i) => i.id));
      const renewable = rows.find((r) => r.id === ids.renewable)!;
      const item = json.find((i) => i.id === ids.renewable)!;
      expect(renewable).toMatchObject({
        organisationId: own.id,
        organisationName: 'Beta ambulances',
        status: 'renewable',
        daysLeft: String(item.daysLeft),
        notAfter: item.notAfter,
        'ehealth.identifierType': 'NIHII-AMBU_SERVICE',
        'ehealth.holderName': 'ZORRO',
        'ehealth.environment': 'production',
        'manager.id': manager.personId,
        state: 'active',
        hasPrivateKey: 'false',
      });
    });

    it('answers CSV for Accept: text/csv too, in the requested order', async () => {
      const response = await t
        .http()
        .get('/api/v1/certificates?sort=holder&direction=desc')
        .set({ ...bearer(viewer.token), Accept: 'text/csv' });
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      const rows: Record<string, string>[] = parse(response.text, { columns: true, bom: true });
      const json = (await list('limit=500&sort=holder&direction=desc')).items;
      expect(rows.map((r) => r.id)).toEqual(json.map((i) => i.id));
    });

    it('neutralises cells a spreadsheet would run as formulas, and keeps negative numbers', async () => {
      const response = await t.http().get('/api/v1/certificates?format=csv').set(bearer(viewer.token));
      const rows: Record<string, string>[] = parse(response.text, { columns: true, bom: true });
      expect(rows.find((r) => r.id === ids.formula)!['ehealth.holderName']).toBe("'=HYPERLINK(1)");
      expect(Number(rows.find((r) => r.id === ids.expired)!.daysLeft)).toBeLessThan(0);
      for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+@]/);
    });

    it('masks SSINs in the CSV as in the JSON, except for central administrators', async () => {
      const viewerCsv = await t
        .http()
        .get('/api/v1/certificates?format=csv&identifierType=SSIN')
        .set(bearer(viewer.token));
      const [row] = parse(viewerCsv.text, { columns: true, bom: true }) as Record<string, string>[];
      expect(row!['ehealth.identifierValue']).toBe('850730-***-**');
      expect(viewerCsv.text).not.toContain('85073003328');
      const json = (await list('identifierType=SSIN')).items[0]!;
      expect(json.ehealth!.identifierValue).toBe('850730-***-**');
      const adminCsv = await t
        .http()
        .get('/api/v1/certificates?format=csv&identifierType=SSIN')
        .set(bearer(t.adminToken));
      expect(adminCsv.text).toContain('85073003328');
    });

    it('exports only the caller’s tenant, and a header line alone when nothing matches', async () => {
      const response = await t.http().get('/api/v1/certificates?format=csv').set(bearer(outsider.token));
      const rows: Record<string, string>[] = parse(response.text, { columns: true, bom: true });
      expect(rows.map((r) => r.id)).toEqual([ids.otherTenant]);
      const empty = await t
        .http()
        .get('/api/v1/certificates?format=csv&q=nothing-like-this')
        .set(bearer(viewer.token));
      expect(empty.status).toBe(200);
      expect(parse(empty.text, { columns: true, bom: true })).toEqual([]);
      expect(empty.text).toContain('sha256Fingerprint');
    });
  });

  it('needs a token', async () => {
    await t.http().get('/api/v1/certificates').expect(401);
  });

  it('shows a central administrator every organisation', async () => {
    const { items } = await list('limit=500', t.adminToken);
    expect(items.map((i) => i.id)).toContain(ids.otherTenant);
  });
});
