import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ContactEntity } from '@certdesk/persistence';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { createKeystore, createPerson, openRenewal } from './support/inventory-fixtures.js';
import { seedCertificates, type SeedCertificateInput } from './support/seed-certificates.js';
import { snapshot } from './support/db-snapshot.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

interface Warning {
  code: string;
  severity: string;
  organisationId: string;
  organisationName: string;
  certificateId?: string;
  message: string;
}

describe('GET /api/v1/warnings', () => {
  let t: TestApp;
  let org: { id: string; name: string };
  let limits: { id: string };
  let bare: { id: string };
  let other: { id: string };
  let viewer: TestUser;
  let outsider: TestUser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t, { name: 'Warned' });
    limits = await createOrganisation(t, { name: 'Over the limit' });
    bare = await createOrganisation(t, {
      name: 'No generic contact',
      contacts: [
        { email: 'jan@bare.test', language: 'nl', generic: false },
        { email: 'bounced@bare.test', language: 'nl', generic: false },
      ],
    });
    other = await createOrganisation(t, { name: 'Other tenant', contacts: [] });
    viewer = await createUser(t, [
      { role: 'viewer', organisationId: org.id },
      { role: 'viewer', organisationId: limits.id },
      { role: 'viewer', organisationId: bare.id },
    ]);
    outsider = await createUser(t, [{ role: 'viewer', organisationId: other.id }]);
    await t.app
      .get(DataSource)
      .getRepository(ContactEntity)
      .update(
        { email: 'bounced@bare.test' },
        { deliveryFailedAt: new Date(), deliveryFailure: '550 no such user' },
      );

    const stays = await createPerson(t, org.id, 'Still Here');
    const left = await createPerson(t, org.id, 'Gone Away', false);
    const keystore = await createKeystore(t, org.id);
    const noHost = await createKeystore(t, org.id, { host: '' });
    // Clean unless a field says otherwise: a known keystore place, an employed manager, production, valid.
    const clean = (input: Partial<SeedCertificateInput>): SeedCertificateInput => ({
      organisationId: org.id,
      keystoreId: keystore,
      managerId: stays,
      toDays: 400,
      ...input,
    });
    const named: [string, SeedCertificateInput][] = [
      ['clean', clean({})],
      ['managerLeft', clean({ managerId: left })],
      ['noManager', clean({ managerId: null })],
      ['noKeystore', clean({ keystoreId: null })],
      ['keystoreNoHost', clean({ keystoreId: noHost })],
      ['unknownEnv', clean({ environment: 'unknown' })],
      ['renewableNoRenewal', clean({ toDays: 60 })],
      ['renewableUrgent', clean({ toDays: 3 })],
      ['renewableInRenewal', clean({ toDays: 50 })],
      ['renewableAbandoned', clean({ toDays: 40 })],
      // Expired or replaced certificates raise nothing: they are not in force any more.
      ['expiredLeft', clean({ toDays: -5, fromDays: -1000, managerId: left, keystoreId: null })],
      ['supersededLeft', clean({ managerId: left, state: 'superseded', toDays: 30 })],
      ['otherTenant', { organisationId: other.id, toDays: 30, environment: 'unknown' }],
    ];
    const rows = await seedCertificates(
      t,
      named.map(([, input]) => input),
    );
    named.forEach(([name], i) => (ids[name] = rows[i]!.id));
    await openRenewal(t, rows[8]!, 'phase2-completed');
    await openRenewal(t, rows[9]!, 'abandoned');

    // Production limits: 11 organisation certificates in force (the 12th is expired, the 13th acceptance),
    // two for one SSIN; and an organisation at exactly 10 raises nothing.
    const limitKeystore = await createKeystore(t, limits.id);
    const inForce = (n: number, input: Partial<SeedCertificateInput>) =>
      Array.from({ length: n }, () => ({
        organisationId: limits.id,
        keystoreId: limitKeystore,
        toDays: 500,
        ...input,
      }));
    await seedCertificates(t, [
      ...inForce(11, {}),
      ...inForce(1, { toDays: -1, fromDays: -900 }),
      ...inForce(1, { environment: 'acceptance' }),
      ...inForce(2, { identifierType: 'SSIN', identifierValue: '85073003328', holderName: 'Elise Janssens' }),
      ...inForce(1, {
        identifierType: 'SSIN',
        identifierValue: '85073003328',
        holderName: 'Elise Janssens',
        environment: 'acceptance',
      }),
      ...inForce(1, { identifierType: 'SSIN', identifierValue: '90020199703', holderName: 'Only One' }),
    ]);
  });
  afterAll(() => t.close());

  async function warnings(query = '', token = viewer.token): Promise<Warning[]> {
    const response = await t.http().get(`/api/v1/warnings${query}`).set(bearer(token));
    if (response.status !== 200) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
  const about = (list: Warning[], name: string) =>
    list.filter((w) => w.certificateId === ids[name]).map((w) => w.code);

  it('finds each certificate warning, and nothing on a clean certificate', async () => {
    const list = await warnings(`?organisationId=${org.id}`);
    expect(about(list, 'clean')).toEqual([]);
    expect(about(list, 'noManager')).toEqual([]);
    expect(about(list, 'managerLeft')).toEqual(['MANAGER_LEFT']);
    expect(about(list, 'noKeystore')).toEqual(['KEYSTORE_LOCATION_UNKNOWN']);
    expect(about(list, 'keystoreNoHost')).toEqual(['KEYSTORE_LOCATION_UNKNOWN']);
    expect(about(list, 'unknownEnv')).toEqual(['UNKNOWN_ENVIRONMENT']);
    expect(about(list, 'renewableNoRenewal')).toEqual(['RENEWABLE_NO_RENEWAL']);
    expect(about(list, 'renewableUrgent')).toEqual(['RENEWABLE_NO_RENEWAL']);
    expect(about(list, 'renewableInRenewal')).toEqual([]);
    expect(about(list, 'renewableAbandoned')).toEqual(['RENEWABLE_NO_RENEWAL']);
    expect(about(list, 'expiredLeft')).toEqual([]);
    expect(about(list, 'supersededLeft')).toEqual([]);
    expect(list.every((w) => w.organisationId === org.id && w.organisationName === 'Warned')).toBe(true);
    // The organisation has a generic address that works: no organisation warning.
    expect(list.filter((w) => !w.certificateId)).toEqual([]);
  });

  it('words each warning and grades it, most severe first', async () => {
    const list = await warnings(`?organisationId=${org.id}`);
    const by = (name: string) => list.find((w) => w.certificateId === ids[name])!;
    expect(by('managerLeft')).toMatchObject({
      severity: 'critical',
      message: expect.stringContaining('Gone Away'),
    });
    expect(by('renewableUrgent')).toMatchObject({
      severity: 'critical',
      message: expect.stringContaining('3 days left'),
    });
    expect(by('renewableNoRenewal')).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('60 days left'),
    });
    expect(by('unknownEnv').message).toContain('ISSUER_ENVIRONMENTS');
    const ranks = list.map((w) => (w.severity === 'critical' ? 0 : 1));
    expect(ranks).toEqual([...ranks].sort());
  });

  it('finds the organisation warnings: no generic contact, a failed address', async () => {
    const list = await warnings(`?organisationId=${bare.id}`);
    expect(list.map((w) => w.code).sort()).toEqual(['CONTACT_DELIVERY_FAILED', 'NO_GENERIC_CONTACT']);
    expect(list.find((w) => w.code === 'CONTACT_DELIVERY_FAILED')!.message).toContain(
      'bounced@bare.test: 550 no such user',
    );
    expect(list.every((w) => w.certificateId === undefined)).toBe(true);
  });

  it('counts production certificates in force against libs/domain limits, per organisation and per SSIN', async () => {
    const list = (await warnings(`?organisationId=${limits.id}`)).filter(
      (w) => w.code === 'PRODUCTION_LIMIT_EXCEEDED',
    );
    expect(list).toHaveLength(2);
    expect(list.map((w) => w.message).sort()).toEqual([
      '11 production certificates in force: an organisation may hold 10. Revoke the extra ones.',
      expect.stringMatching(
        /^2 production certificates in force for SSIN=850730-\*\*\*-\*\*: a natural person may hold 1/,
      ),
    ]);
    expect(list.every((w) => w.severity === 'critical')).toBe(true);
    // A central administrator sees the SSIN itself.
    const admin = (
      await warnings(`?organisationId=${limits.id}&code=PRODUCTION_LIMIT_EXCEEDED`, t.adminToken)
    ).map((w) => w.message);
    expect(admin.some((m) => m.includes('SSIN=85073003328'))).toBe(true);
  });

  it('lists every visible organisation without organisationId, never another tenant’s', async () => {
    const list = await warnings();
    expect(new Set(list.map((w) => w.organisationId))).toEqual(new Set([org.id, limits.id, bare.id]));
    const theirs = await warnings('', outsider.token);
    expect(theirs.map((w) => w.code).sort()).toEqual([
      'KEYSTORE_LOCATION_UNKNOWN',
      'NO_GENERIC_CONTACT',
      'RENEWABLE_NO_RENEWAL',
      'UNKNOWN_ENVIRONMENT',
    ]);
    expect(theirs.every((w) => w.organisationId === other.id)).toBe(true);
  });

  it('filters by code and limits the count', async () => {
    const list = await warnings('?code=MANAGER_LEFT,NO_GENERIC_CONTACT');
    expect(new Set(list.map((w) => w.code))).toEqual(new Set(['MANAGER_LEFT', 'NO_GENERIC_CONTACT']));
    expect(await warnings('?limit=2')).toHaveLength(2);
  });

  it("answers 404 for another tenant's organisation, as for a missing one, and changes nothing", async () => {
    const before = await snapshot(t);
    const response = await t
      .http()
      .get(`/api/v1/warnings?organisationId=${other.id}`)
      .set(bearer(viewer.token));
    expect(response.status).toBe(404);
    const missing = await t
      .http()
      .get('/api/v1/warnings?organisationId=00000000-0000-4000-8000-000000000000')
      .set(bearer(viewer.token));
    expect(missing.body).toEqual(response.body);
    expect(await snapshot(t)).toEqual(before);
  });

  it('refuses a bad code or organisation id', async () => {
    await t.http().get('/api/v1/warnings?code=NOPE').set(bearer(viewer.token)).expect(400);
    await t.http().get('/api/v1/warnings?organisationId=x').set(bearer(viewer.token)).expect(400);
  });
});
