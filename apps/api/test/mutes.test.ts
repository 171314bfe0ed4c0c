import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { brusselsDate } from '@certdesk/domain';
import { Clock } from '../src/core/clock.js';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { insertCertificate } from './support/lifecycle-fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const DAY = 86_400_000;
const inDays = (days: number) => brusselsDate(new Date(Date.now() + days * DAY));

/** Muting a certificate's reminders with a reason (issue 13), as a certificate manager sees it through the api. */
describe('mute with a reason', () => {
  let t: TestApp;
  let org: { id: string };
  let other: { id: string };
  let manager: TestUser;

  const mute = (certificateId: string, body: object, token = manager.token) =>
    t.http().post(`/api/v1/certificates/${certificateId}/mute`).set(bearer(token)).send(body);
  const unmute = (certificateId: string, token = manager.token) =>
    t.http().delete(`/api/v1/certificates/${certificateId}/mute`).set(bearer(token));
  const certificate = async (id: string) =>
    (await t.http().get(`/api/v1/certificates/${id}`).set(bearer(manager.token)).expect(200)).body;
  const history = async (id: string) =>
    (await t.http().get(`/api/v1/certificates/${id}/mutes`).set(bearer(manager.token)).expect(200)).body;
  const auditOf = async (id: string, token = manager.token) =>
    (await t.http().get(`/api/v1/audit?certificateId=${id}&limit=50`).set(bearer(token)).expect(200)).body
      .items as { action: string; before: unknown; after: Record<string, unknown> }[];

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t);
    other = await createOrganisation(t);
    manager = await createUser(t, [{ role: 'certificate-manager', organisationId: org.id }]);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
  afterAll(() => t.close());

  it('mutes the reminders with a reason and an end date, shows who and until when, and keeps it in the list', async () => {
    const id = await insertCertificate(t, { organisationId: org.id, expiresInDays: 60 });
    const endDate = inDays(30);
    const response = await mute(id, {
      reason: 'retired',
      endDate,
      note: 'The old dispatch PC is gone',
    }).expect(200);
    expect(response.body).toMatchObject({
      certificateId: id,
      organisationId: org.id,
      warningCode: null,
      reason: 'retired',
      note: 'The old dispatch PC is gone',
      endDate,
      mutedBy: { id: manager.id, email: manager.email },
    });

    expect((await certificate(id)).mute).toMatchObject({
      reason: 'retired',
      endDate,
      mutedBy: { id: manager.id },
    });
    const list = await t
      .http()
      .get(`/api/v1/certificates?organisationId=${org.id}&limit=100`)
      .set(bearer(manager.token))
      .expect(200);
    const items = (list.body.items ?? list.body) as { id: string; mute: { reason: string } | null }[];
    expect(items.find((c) => c.id === id)?.mute).toMatchObject({ reason: 'retired' });

    const audit = await auditOf(id);
    expect(audit.find((e) => e.action === 'certificate.muted')).toMatchObject({
      before: null,
      after: { reason: 'retired', endDate, note: 'The old dispatch PC is gone', muteId: response.body.id },
    });
  });

  it('unmutes: the mute is gone from the certificate, audited, and listed as unmuted in its history', async () => {
    const id = await insertCertificate(t, { organisationId: org.id, expiresInDays: 60 });
    await mute(id, { reason: 'handled-by-integrator', endDate: inDays(10) }).expect(200);
    await unmute(id).expect(204);
    expect((await certificate(id)).mute).toBeNull();
    expect(await history(id)).toEqual([
      expect.objectContaining({
        reason: 'handled-by-integrator',
        state: 'unmuted',
        endedAt: expect.any(String),
        unmutedBy: expect.objectContaining({ id: manager.id }),
      }),
    ]);
    expect((await auditOf(id)).map((e) => e.action)).toEqual(
      expect.arrayContaining(['certificate.muted', 'certificate.unmuted']),
    );
    const again = await unmute(id).expect(409);
    expect(again.body).toMatchObject({ code: 'NOT_MUTED' });
  });

  it('muting again replaces the mute in force (one per certificate), recording the previous one', async () => {
    const id = await insertCertificate(t, { organisationId: org.id, expiresInDays: 60 });
    await mute(id, { reason: 'retired', endDate: inDays(10) }).expect(200);
    await mute(id, { reason: 'other', note: 'Waiting for the new contract', endDate: inDays(20) }).expect(
      200,
    );
    expect((await certificate(id)).mute).toMatchObject({ reason: 'other', endDate: inDays(20) });
    const states = (await history(id)).map(
      (m: { reason: string; state: string }) => `${m.reason}:${m.state}`,
    );
    expect(states).toEqual(['other:in-force', 'retired:unmuted']);
    const muted = (await auditOf(id)).filter((e) => e.action === 'certificate.muted');
    expect(muted.some((e) => (e.before as { reason?: string } | null)?.reason === 'retired')).toBe(true);
  });

  it('lapses by itself once its end date has passed (the api clock)', async () => {
    const id = await insertCertificate(t, { organisationId: org.id, expiresInDays: 60 });
    const endDate = inDays(5);
    await mute(id, { reason: 'retired', endDate }).expect(200);
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 7 * DAY));
    expect((await certificate(id)).mute).toBeNull();
    expect(await history(id)).toEqual([
      expect.objectContaining({ state: 'end-date', endedAt: expect.any(String) }),
    ]);
    const response = await unmute(id).expect(409);
    expect(response.body).toMatchObject({ code: 'NOT_MUTED' });
  });

  it('lapses when the certificate is renewed (its renewal completed)', async () => {
    const id = await insertCertificate(t, { organisationId: org.id, expiresInDays: 40 });
    await mute(id, { reason: 'handled-by-integrator', endDate: inDays(60) }).expect(200);
    const renewal = await t
      .http()
      .post(`/api/v1/certificates/${id}/renewals`)
      .set(bearer(manager.token))
      .send({})
      .expect(201);
    expect((await certificate(id)).mute).not.toBeNull(); // phase 1 sent: not renewed yet
    await t
      .http()
      .post(`/api/v1/renewals/${renewal.body.id}/complete`)
      .set(bearer(manager.token))
      .send({})
      .expect(200);
    expect((await certificate(id)).mute).toBeNull();
    expect(await history(id)).toEqual([expect.objectContaining({ state: 'renewed', endedAt: null })]);
    const again = await mute(id, { reason: 'retired', endDate: inDays(10) }).expect(409);
    expect(again.body).toMatchObject({ code: 'CERTIFICATE_RENEWED' });
  });

  it('lapses when the certificate is revoked, and a revoked certificate cannot be muted', async () => {
    const id = await insertCertificate(t, { organisationId: org.id, expiresInDays: 200 });
    await mute(id, { reason: 'retired', endDate: inDays(60) }).expect(200);
    await t
      .http()
      .post(`/api/v1/certificates/${id}/revoke`)
      .set(bearer(manager.token))
      .send({ reason: 'replaced', revokedOn: brusselsDate(new Date()), openNewRequest: false })
      .expect(200);
    expect((await certificate(id)).mute).toBeNull();
    expect(await history(id)).toEqual([expect.objectContaining({ state: 'revoked' })]);
    const again = await mute(id, { reason: 'retired', endDate: inDays(10) }).expect(409);
    expect(again.body).toMatchObject({ code: 'CERTIFICATE_REVOKED' });
  });

  it('names the replacing certificate of the same organisation', async () => {
    const id = await insertCertificate(t, { organisationId: org.id, expiresInDays: 60 });
    const replacement = await insertCertificate(t, { organisationId: org.id, expiresInDays: 1000 });
    const response = await mute(id, {
      reason: 'replaced',
      replacedByCertificateId: replacement,
      endDate: inDays(30),
    }).expect(200);
    expect(response.body).toMatchObject({ reason: 'replaced', replacedByCertificateId: replacement });
  });

  it('lists the mutes in force for the overview (count and soonest ending first), and not the lapsed ones', async () => {
    const lone = await createOrganisation(t);
    const admin = await createUser(t, [{ role: 'viewer', organisationId: lone.id }]);
    const later = await insertCertificate(t, { organisationId: lone.id, expiresInDays: 60 });
    const sooner = await insertCertificate(t, { organisationId: lone.id, expiresInDays: 60 });
    const unmuted = await insertCertificate(t, { organisationId: lone.id, expiresInDays: 60 });
    for (const [id, days] of [
      [later, 40],
      [sooner, 10],
      [unmuted, 20],
    ] as const)
      await mute(id, { reason: 'retired', endDate: inDays(days) }, t.adminToken).expect(200);
    await unmute(unmuted, t.adminToken).expect(204);

    const response = await t
      .http()
      .get(`/api/v1/mutes?organisationId=${lone.id}`)
      .set(bearer(admin.token))
      .expect(200);
    expect(response.body.total).toBe(2);
    expect(response.body.mutes.map((m: { certificateId: string }) => m.certificateId)).toEqual([
      sooner,
      later,
    ]);
    expect(response.body.mutes[0]).toMatchObject({
      reason: 'retired',
      endDate: inDays(10),
      certificate: { identifierType: 'CBE', notAfter: expect.any(String) },
    });

    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 15 * DAY));
    const later15 = await t
      .http()
      .get(`/api/v1/mutes?organisationId=${lone.id}`)
      .set(bearer(admin.token))
      .expect(200);
    expect(later15.body.mutes.map((m: { certificateId: string }) => m.certificateId)).toEqual([later]);
  });

  describe('muting warnings', () => {
    let lone: { id: string };
    let first: string;
    let second: string;
    let user: TestUser;
    const groups = async (muted?: string) =>
      (
        await t
          .http()
          .get(
            `/api/v1/warnings/groups?organisationId=${lone.id}&code=KEYSTORE_LOCATION_UNKNOWN${muted ? `&muted=${muted}` : ''}`,
          )
          .set(bearer(user.token))
          .expect(200)
      ).body.groups as {
        count: number;
        items: { certificateId: string; mute?: Record<string, unknown> }[];
      }[];
    const itemsOf = async (muted?: string) => (await groups(muted)).flatMap((g) => g.items);
    /** The plain list (GET /api/v1/warnings): the same warnings, each muted one marked. */
    const listed = async () =>
      (
        await t
          .http()
          .get(`/api/v1/warnings?organisationId=${lone.id}&code=KEYSTORE_LOCATION_UNKNOWN`)
          .set(bearer(user.token))
          .expect(200)
      ).body as { certificateId: string; mute?: Record<string, unknown> }[];

    beforeAll(async () => {
      lone = await createOrganisation(t);
      user = await createUser(t, [{ role: 'certificate-manager', organisationId: lone.id }]);
      // No keystore recorded: each has the KEYSTORE_LOCATION_UNKNOWN warning.
      first = await insertCertificate(t, { organisationId: lone.id, expiresInDays: 60 });
      second = await insertCertificate(t, { organisationId: lone.id, expiresInDays: 80 });
    });

    it("mutes one certificate's warning: the warnings page marks it, and can leave it out or show it alone", async () => {
      await t
        .http()
        .post(`/api/v1/certificates/${first}/warnings/KEYSTORE_LOCATION_UNKNOWN/mute`)
        .set(bearer(user.token))
        .send({ reason: 'handled-by-integrator', endDate: inDays(15) })
        .expect(200);
      const items = await itemsOf();
      expect(items.find((i) => i.certificateId === first)?.mute).toMatchObject({
        reason: 'handled-by-integrator',
        endDate: inDays(15),
        organisationWide: false,
      });
      expect(items.find((i) => i.certificateId === second)?.mute).toBeUndefined();
      const list = await listed();
      expect(list.map((w) => w.certificateId).sort()).toEqual([first, second].sort());
      expect(list.find((w) => w.certificateId === first)?.mute).toMatchObject({
        reason: 'handled-by-integrator',
        endDate: inDays(15),
        organisationWide: false,
      });
      expect(list.find((w) => w.certificateId === second)?.mute).toBeUndefined();
      expect((await itemsOf('exclude')).map((i) => i.certificateId)).toEqual([second]);
      expect((await itemsOf('only')).map((i) => i.certificateId)).toEqual([first]);
      // The reminders are not muted by a warning's mute.
      expect(
        (await t.http().get(`/api/v1/certificates/${first}`).set(bearer(user.token))).body.mute,
      ).toBeNull();

      await t
        .http()
        .delete(`/api/v1/certificates/${first}/warnings/KEYSTORE_LOCATION_UNKNOWN/mute`)
        .set(bearer(user.token))
        .expect(204);
      expect((await itemsOf('only')).map((i) => i.certificateId)).toEqual([]);
      expect((await auditOf(first, user.token)).map((e) => e.action)).toEqual(
        expect.arrayContaining(['certificate.muted', 'certificate.unmuted']),
      );
    });

    it("mutes an organisation's warning code: every such warning of the organisation is marked, until unmuted", async () => {
      // Another organisation's mute of the same code marks none of this one's warnings, in either list.
      const otherPath = `/api/v1/organisations/${other.id}/warnings/KEYSTORE_LOCATION_UNKNOWN/mute`;
      await t
        .http()
        .post(otherPath)
        .set(bearer(t.adminToken))
        .send({ reason: 'other', note: 'Not ours to mute', endDate: inDays(5) })
        .expect(200);
      expect((await itemsOf()).map((i) => i.mute)).toEqual([undefined, undefined]);
      expect((await listed()).map((w) => w.mute)).toEqual([undefined, undefined]);
      await t.http().delete(otherPath).set(bearer(t.adminToken)).expect(204);

      const path = `/api/v1/organisations/${lone.id}/warnings/KEYSTORE_LOCATION_UNKNOWN/mute`;
      await t
        .http()
        .post(path)
        .set(bearer(user.token))
        .send({ reason: 'other', note: 'The keystores are being moved', endDate: inDays(5) })
        .expect(200);
      const items = await itemsOf();
      expect(items.map((i) => i.mute?.organisationWide)).toEqual([true, true]);
      expect((await listed()).map((w) => w.mute?.organisationWide)).toEqual([true, true]);
      expect(await itemsOf('exclude')).toEqual([]);
      const mutes = await t.http().get(`/api/v1/mutes?organisationId=${lone.id}`).set(bearer(user.token));
      expect(mutes.body.mutes).toEqual([
        expect.objectContaining({
          certificateId: null,
          warningCode: 'KEYSTORE_LOCATION_UNKNOWN',
          certificate: null,
        }),
      ]);
      // Lapses on its end date (the api's clock).
      jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 7 * DAY));
      expect((await itemsOf()).map((i) => i.mute)).toEqual([undefined, undefined]);
      expect((await listed()).map((w) => w.mute)).toEqual([undefined, undefined]);
      jest.restoreAllMocks();
      await t.http().delete(path).set(bearer(user.token)).expect(204);
      await t.http().delete(path).set(bearer(user.token)).expect(409);
    });

    it.each<[string, string, number, string | RegExp]>([
      ['an unknown warning code', 'NOT_A_WARNING', 422, 'UNKNOWN_WARNING'],
      ['a 10 kB warning code', 'X'.repeat(10_000), 422, 'UNKNOWN_WARNING'],
      ['a code with a control character', 'MANAGER_LEFT%07', 400, /control character/],
    ])('refuses %s and changes nothing', async (_name, code, status, error) => {
      const before = await snapshot(t);
      for (const path of [
        `/api/v1/certificates/${first}/warnings/${code}/mute`,
        `/api/v1/organisations/${lone.id}/warnings/${code}/mute`,
      ]) {
        const response = await t
          .http()
          .post(path)
          .set(bearer(user.token))
          .send({ reason: 'retired', endDate: inDays(10) });
        expect(response.status).toBe(status);
        if (typeof error === 'string') expect(response.body.code).toBe(error);
        else expect(JSON.stringify(response.body.message)).toMatch(error);
      }
      const bad = await t
        .http()
        .get(`/api/v1/warnings/groups?organisationId=${lone.id}&muted=maybe`)
        .set(bearer(user.token));
      expect(bad.status).toBe(400);
      expect(await snapshot(t)).toEqual(before);
    });
  });

  describe('refuses bad input with a clear error, and changes nothing', () => {
    let id: string;
    let foreign: string;
    beforeAll(async () => {
      id = await insertCertificate(t, { organisationId: org.id, expiresInDays: 60 });
      foreign = await insertCertificate(t, { organisationId: other.id, expiresInDays: 60 });
    });

    it.each<[string, () => object, number, string | RegExp]>([
      ['an unknown reason', () => ({ reason: 'bored', endDate: inDays(10) }), 400, /reason/],
      ['no reason', () => ({ endDate: inDays(10) }), 400, /reason/],
      ['no end date', () => ({ reason: 'retired' }), 400, /endDate/],
      [
        'an end date that is not a date',
        () => ({ reason: 'retired', endDate: '2026-02-30' }),
        422,
        'NOT_A_DATE',
      ],
      [
        'an end date in the past',
        () => ({ reason: 'retired', endDate: inDays(-3) }),
        422,
        'END_DATE_NOT_IN_FUTURE',
      ],
      ['today as end date', () => ({ reason: 'retired', endDate: inDays(0) }), 422, 'END_DATE_NOT_IN_FUTURE'],
      [
        'an end date 100 years ahead',
        () => ({ reason: 'retired', endDate: inDays(36_525) }),
        422,
        'END_DATE_TOO_FAR',
      ],
      ['"other" without a note', () => ({ reason: 'other', endDate: inDays(10) }), 422, 'NOTE_REQUIRED'],
      [
        '"other" with a blank note',
        () => ({ reason: 'other', note: ' \n ', endDate: inDays(10) }),
        422,
        'NOTE_REQUIRED',
      ],
      [
        'a 100 kB note',
        () => ({ reason: 'other', note: 'x'.repeat(100_000), endDate: inDays(10) }),
        400,
        /note/,
      ],
      [
        'a note with control characters',
        () => ({ reason: 'other', note: 'ok\u0000\u001b[2J', endDate: inDays(10) }),
        400,
        /control character/,
      ],
      [
        'an end date with control characters',
        () => ({ reason: 'retired', endDate: '2026-12-01\u0007' }),
        400,
        /control character|endDate/,
      ],
      [
        '"replaced" without the replacement',
        () => ({ reason: 'replaced', endDate: inDays(10) }),
        422,
        'REPLACEMENT_REQUIRED',
      ],
      [
        'a replacement with another reason',
        () => ({ reason: 'retired', replacedByCertificateId: id, endDate: inDays(10) }),
        422,
        'REPLACEMENT_NOT_ALLOWED',
      ],
      [
        'itself as its replacement',
        () => ({ reason: 'replaced', replacedByCertificateId: id, endDate: inDays(10) }),
        422,
        'REPLACEMENT_IS_ITSELF',
      ],
      [
        "another tenant's certificate as the replacement",
        () => ({ reason: 'replaced', replacedByCertificateId: foreign, endDate: inDays(10) }),
        422,
        'REPLACEMENT_NOT_FOUND',
      ],
      [
        'a replacement that is not an id',
        () => ({ reason: 'replaced', replacedByCertificateId: 'x'.repeat(5000), endDate: inDays(10) }),
        400,
        /replacedByCertificateId/,
      ],
      ['a nested object as reason', () => ({ reason: { $ne: 'x' }, endDate: inDays(10) }), 400, /reason/],
      ['an array as end date', () => ({ reason: 'retired', endDate: [inDays(10)] }), 400, /endDate/],
    ])('%s', async (_name, body, status, error) => {
      const before = await snapshot(t);
      const response = await mute(id, body()).expect(status);
      const said = `${response.body.code ?? ''} ${JSON.stringify(response.body.message)}`;
      if (typeof error === 'string') expect(response.body.code).toBe(error);
      else expect(said).toMatch(error);
      expect(await snapshot(t)).toEqual(before);
    });

    it('answers the same 404 for a missing certificate and changes nothing', async () => {
      const before = await snapshot(t);
      const missing = await mute('00000000-0000-4000-8000-000000000000', {
        reason: 'retired',
        endDate: inDays(10),
      }).expect(404);
      expect(missing.body).toMatchObject({ code: 'NOT_FOUND' });
      await t
        .http()
        .post('/api/v1/certificates/not-a-uuid/mute')
        .set(bearer(manager.token))
        .send({})
        .expect(400);
      expect(await snapshot(t)).toEqual(before);
    });
  });
});
