import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { seedCertificates } from './support/seed-certificates.js';
import { testPki, upload } from './support/import-fixtures.js';
import { uniqueCbe } from './support/fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

interface Item {
  id: string;
  organisationId: string;
  labels: string[];
}

/** Labels on certificates (issue 13): per organisation, audited, and what the list, its filter and the CSV show. */
describe('labels on certificates', () => {
  let t: TestApp;
  let namur: { id: string };
  let liege: { id: string };
  let manager: TestUser;
  let viewer: TestUser;
  let bothViewer: TestUser;
  const ids: Record<string, string> = {};

  const add = (token: string, id: string, label: unknown) =>
    t.http().post(`/api/v1/certificates/${id}/labels`).set(bearer(token)).send({ label });
  const remove = (token: string, id: string, label: string) =>
    t
      .http()
      .delete(`/api/v1/certificates/${id}/labels/${encodeURIComponent(label)}`)
      .set(bearer(token));
  const list = async (token: string, query: string): Promise<Item[]> => {
    const response = await t.http().get(`/api/v1/certificates?limit=500&${query}`).set(bearer(token));
    expect(response.status).toBe(200);
    return response.body.items;
  };
  const auditOf = (certificateId: string): Promise<{ action: string; before: unknown; after: unknown }[]> =>
    t.app
      .get(DataSource)
      .query(
        `SELECT action, before, after FROM audit_event WHERE certificate_id = $1 AND action LIKE 'certificate.label%' ORDER BY id`,
        [certificateId],
      );

  beforeAll(async () => {
    t = await startTestApp();
    namur = await createOrganisation(t, { name: 'Ambulances Namur' });
    liege = await createOrganisation(t, { name: 'Hôpital Liège' });
    manager = await createUser(t, [{ role: 'certificate-manager', organisationId: namur.id }]);
    viewer = await createUser(t, [{ role: 'viewer', organisationId: namur.id }]);
    bothViewer = await createUser(t, [
      { role: 'viewer', organisationId: namur.id },
      { role: 'viewer', organisationId: liege.id },
    ]);
    const [a, b, c, d] = await seedCertificates(t, [
      { organisationId: namur.id, holderName: 'Alpha' },
      { organisationId: namur.id, holderName: 'Bravo' },
      { organisationId: namur.id, holderName: 'Charlie' },
      { organisationId: liege.id, holderName: 'Delta' },
    ]);
    Object.assign(ids, { a: a!.id, b: b!.id, c: c!.id, d: d!.id });
  });
  afterAll(async () => {
    await t.close();
  });

  it('puts a label on a certificate, shows it on the certificate and audits it', async () => {
    const response = await add(manager.token, ids.a!, '  MyCareNet ');
    expect(response.status).toBe(200);
    expect(response.body.labels).toEqual(['MyCareNet']);
    const detail = await t.http().get(`/api/v1/certificates/${ids.a}`).set(bearer(viewer.token)).expect(200);
    expect(detail.body.labels).toEqual(['MyCareNet']);
    expect(await auditOf(ids.a!)).toEqual([
      {
        action: 'certificate.label-added',
        before: { labels: [] },
        after: { label: 'MyCareNet', labels: ['MyCareNet'] },
      },
    ]);
  });

  it("keeps the organisation's spelling: another case is the same label, added once, not audited twice", async () => {
    await add(manager.token, ids.b!, 'mycarenet').expect(200);
    const again = await add(manager.token, ids.a!, 'MYCARENET').expect(200);
    expect(again.body.labels).toEqual(['MyCareNet']);
    const b = await add(manager.token, ids.b!, 'site Namur').expect(200);
    expect(b.body.labels).toEqual(['MyCareNet', 'site Namur']);
    expect(await auditOf(ids.a!)).toHaveLength(1);
  });

  it("keeps labels per organisation: another organisation's label of the same name is its own", async () => {
    await add(t.adminToken, ids.d!, 'MYCARENET').expect(200);
    const labels = await t.http().get('/api/v1/labels').set(bearer(t.adminToken)).expect(200);
    const named = labels.body.labels.filter((l: { name: string }) => l.name.toLowerCase() === 'mycarenet');
    expect(named).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ organisationId: namur.id, name: 'MyCareNet', certificates: 2 }),
        expect.objectContaining({ organisationId: liege.id, name: 'MYCARENET', certificates: 1 }),
      ]),
    );
    const own = await t.http().get('/api/v1/labels').set(bearer(viewer.token)).expect(200);
    expect(own.body.labels).toEqual([
      { id: expect.any(String), organisationId: namur.id, name: 'MyCareNet', certificates: 2 },
      { id: expect.any(String), organisationId: namur.id, name: 'site Namur', certificates: 1 },
    ]);
    const one = await t
      .http()
      .get(`/api/v1/labels?organisationId=${liege.id}`)
      .set(bearer(bothViewer.token))
      .expect(200);
    expect(one.body.labels.map((l: { name: string }) => l.name)).toEqual(['MYCARENET']);
  });

  it('filters the list by label, case-insensitively; several labels mean all of them', async () => {
    expect((await list(viewer.token, 'label=mycarenet')).map((i) => i.id).sort()).toEqual(
      [ids.a, ids.b].sort(),
    );
    expect((await list(viewer.token, 'label=MyCareNet&label=SITE%20NAMUR')).map((i) => i.id)).toEqual([
      ids.b,
    ]);
    expect(await list(viewer.token, 'label=Recip-e')).toEqual([]);
    // Across the caller's organisations: each one's own label of that name.
    expect((await list(bothViewer.token, 'label=MyCareNet')).map((i) => i.id).sort()).toEqual(
      [ids.a, ids.b, ids.d].sort(),
    );
    const page = await t
      .http()
      .get('/api/v1/certificates?label=MyCareNet&limit=1')
      .set(bearer(viewer.token))
      .expect(200);
    expect(page.body.total).toBe(2);
    const next = await t
      .http()
      .get(`/api/v1/certificates?label=MyCareNet&limit=1&cursor=${page.body.nextCursor}`)
      .set(bearer(viewer.token))
      .expect(200);
    expect([...page.body.items, ...next.body.items].map((i: Item) => i.id).sort()).toEqual(
      [ids.a, ids.b].sort(),
    );
    expect(next.body.nextCursor).toBeNull();
  });

  it('does not split a label at its commas in the filter', async () => {
    await add(manager.token, ids.c!, 'Namur, urgences').expect(200);
    expect(
      (await list(viewer.token, `label=${encodeURIComponent('namur, URGENCES')}`)).map((i) => i.id),
    ).toEqual([ids.c]);
  });

  it('exports by label: the CSV has the matching certificates and a labels column', async () => {
    const response = await t
      .http()
      .get('/api/v1/certificates?format=csv&label=site%20namur')
      .set(bearer(viewer.token))
      .expect(200);
    const rows: Record<string, string>[] = parse(response.text, { columns: true, bom: true });
    expect(rows.map((r) => [r.id, r.labels])).toEqual([[ids.b, 'MyCareNet; site Namur']]);
  });

  it('takes a label off (any spelling), audited; taking off one it does not carry changes nothing', async () => {
    const response = await remove(manager.token, ids.b!, 'SITE NAMUR').expect(200);
    expect(response.body.labels).toEqual(['MyCareNet']);
    expect((await auditOf(ids.b!)).at(-1)).toEqual({
      action: 'certificate.label-removed',
      before: { labels: ['MyCareNet', 'site Namur'] },
      after: { label: 'site Namur', labels: ['MyCareNet'] },
    });
    // The list's filter follows at once.
    expect(await list(viewer.token, 'label=site%20Namur')).toEqual([]);
    expect((await list(viewer.token, 'label=MyCareNet')).map((i) => i.id).sort()).toEqual(
      [ids.a, ids.b].sort(),
    );
    const before = await snapshot(t);
    await remove(manager.token, ids.b!, 'site Namur').expect(200);
    expect(await snapshot(t)).toEqual(before);
  });

  it('lets a viewer read labels but not change them', async () => {
    const before = await snapshot(t);
    await add(viewer.token, ids.a!, 'Recip-e').expect(403);
    await remove(viewer.token, ids.a!, 'MyCareNet').expect(403);
    expect(await snapshot(t)).toEqual(before);
  });

  describe('hostile input: a clear error, nothing changed', () => {
    it.each([
      ['an empty label', '', 422, 'INVALID_LABEL'],
      ['a blank label', '   ', 422, 'INVALID_LABEL'],
      ['a 10 kB label', 'x'.repeat(10_000), 422, 'INVALID_LABEL'],
      ['65 characters', 'y'.repeat(65), 422, 'INVALID_LABEL'],
      ['a line feed', 'Recip-e\nEND:VEVENT', 400, undefined],
      ['a NUL', 'a\u0000b', 400, undefined],
      ['a C1 control', 'a\u0085b', 422, 'INVALID_LABEL'],
      ['a right-to-left override', 'site\u202eruman', 422, 'INVALID_LABEL'],
      ['a nested object', { name: { $ne: 1 } }, 400, undefined],
      ['an array', ['MyCareNet'], 400, undefined],
      ['a number', 42, 400, undefined],
    ])('refuses %s', async (_, label, status, code) => {
      const before = await snapshot(t);
      const response = await add(manager.token, ids.a!, label);
      expect(response.status).toBe(status);
      if (code) expect(response.body).toMatchObject({ code });
      expect(response.body.message).toBeTruthy();
      expect(await snapshot(t)).toEqual(before);
    });

    it('refuses a 21st label on one certificate, naming the limit', async () => {
      for (let i = 1; i < 20; i++) await add(manager.token, ids.c!, `label ${i}`).expect(200);
      const full = await t.http().get(`/api/v1/certificates/${ids.c}`).set(bearer(viewer.token)).expect(200);
      expect(full.body.labels.length).toBe(20);
      const before = await snapshot(t);
      const response = await add(manager.token, ids.c!, 'one too many').expect(422);
      expect(response.body).toMatchObject({ code: 'TOO_MANY_LABELS', message: expect.stringMatching(/20/) });
      expect(await snapshot(t)).toEqual(before);
      // One it already carries is no 21st.
      await add(manager.token, ids.c!, 'LABEL 7').expect(200);
    });

    it('refuses a label filter that no label could match, and too many of them', async () => {
      await t
        .http()
        .get(`/api/v1/certificates?label=${'z'.repeat(65)}`)
        .set(bearer(viewer.token))
        .expect(400);
      const many = Array.from({ length: 21 }, (_, i) => `label=l${i}`).join('&');
      await t.http().get(`/api/v1/certificates?${many}`).set(bearer(viewer.token)).expect(400);
      await t.http().get('/api/v1/certificates?label[a]=b').set(bearer(viewer.token)).expect(400);
    });
  });

  it("keeps a certificate's labels on the certificate that renews it, audited on the renewal", async () => {
    const pki = await testPki();
    const cbe = uniqueCbe();
    const org = await createOrganisation(t, { identifiers: [{ type: 'CBE', value: cbe }] });
    const issue = (days: number) =>
      pki.issueEhealthCertificate({
        identifierType: 'CBE',
        identifierValue: cbe,
        holderName: 'Ambulances de Namur',
        applicationId: 'MYCARENET',
        environment: 'production',
        notBefore: new Date(Date.now() - 400 * 86_400_000),
        notAfter: new Date(Date.now() + days * 86_400_000),
      });
    const importOne = async (name: string, pem: string) => {
      const response = await upload(t, t.adminToken, [{ name, bytes: pem }], { organisationId: org.id });
      expect(response.status).toBe(200);
      return response.body.files[0].certificates[0].certificateId as string;
    };
    const oldId = await importOne('old.pem', (await issue(60)).pem);
    await add(t.adminToken, oldId, 'MyCareNet').expect(200);
    await add(t.adminToken, oldId, 'site Namur').expect(200);
    const newId = await importOne('renewed.pem', (await issue(1000)).pem);
    expect(newId).not.toBe(oldId);

    const renewed = await t.http().get(`/api/v1/certificates/${newId}`).set(bearer(t.adminToken)).expect(200);
    expect(renewed.body.labels).toEqual(['MyCareNet', 'site Namur']);
    const old = await t.http().get(`/api/v1/certificates/${oldId}`).set(bearer(t.adminToken)).expect(200);
    expect(old.body).toMatchObject({
      state: 'superseded',
      supersededById: newId,
      labels: ['MyCareNet', 'site Namur'],
    });
    const filtered = await list(t.adminToken, `organisationId=${org.id}&label=mycarenet`);
    expect(filtered.map((i) => i.id)).toEqual([newId]);
    expect(await auditOf(newId)).toEqual([
      {
        action: 'certificate.label-added',
        before: { labels: [] },
        after: { labels: ['MyCareNet', 'site Namur'], carriedOverFrom: [oldId] },
      },
    ]);
  });
});
