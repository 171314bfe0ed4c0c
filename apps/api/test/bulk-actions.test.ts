import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { createKeystore, createPerson } from './support/inventory-fixtures.js';
import { seedCertificates } from './support/seed-certificates.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

interface Certificate {
  id: string;
  labels: string[];
  manager: { id: string; name: string } | null;
  keystore: { fileName: string; host: string | null; path: string | null } | null;
}

const MISSING = '00000000-0000-4000-8000-000000000000';

/**
 * POST /api/v1/certificates/bulk (issue 13): each action on a selection, all or nothing in one transaction, one
 * audit event per certificate changed, and hostile selections refused with nothing changed.
 */
describe('bulk actions on a selection of certificates', () => {
  let t: TestApp;
  let own: { id: string };
  let second: { id: string };
  let other: { id: string };
  let admin: TestUser;
  let manager: TestUser;
  let marie: string;
  let outsiderPerson: string;
  let ownIds: string[];
  let secondId: string;
  let otherId: string;
  let revokedId: string;
  /** A mute's end date: in a month, as the mute's rule wants (after today, within a year). */
  const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

  const bulk = (token: string, body: unknown) =>
    t
      .http()
      .post('/api/v1/certificates/bulk')
      .set(bearer(token))
      .send(body as object);
  const auditCount = async (action: string, ids: string[]): Promise<Record<string, number>> => {
    const rows: { certificate_id: string; n: number }[] = await t.app.get(DataSource).query(
      `SELECT certificate_id, count(*)::int AS n FROM audit_event
          WHERE action = $1 AND certificate_id = ANY($2::uuid[]) GROUP BY certificate_id`,
      [action, ids],
    );
    return Object.fromEntries(rows.map((r) => [r.certificate_id, r.n]));
  };

  beforeAll(async () => {
    t = await startTestApp();
    own = await createOrganisation(t, { name: 'Ambulances Namur' });
    second = await createOrganisation(t, { name: 'Ambulances Dinant' });
    other = await createOrganisation(t, { name: 'Other tenant' });
    admin = await createUser(t, [
      { role: 'org-admin', organisationId: own.id },
      { role: 'org-admin', organisationId: second.id },
    ]);
    manager = await createUser(t, [{ role: 'certificate-manager', organisationId: own.id }]);
    marie = await createPerson(t, own.id, 'Marie Dubois');
    outsiderPerson = await createPerson(t, other.id, 'Someone Else');
    const keystores = await Promise.all(
      [1, 2, 3].map((i) =>
        createKeystore(t, own.id, {
          host: 'PC-OLD',
          path: 'C:\\ehealth\\keystore',
          fileName: `NIHII-AMBU_SERVICE=7960997${i} 20240101-120000.p12`,
        }),
      ),
    );
    const rows = await seedCertificates(t, [
      { organisationId: own.id, keystoreId: keystores[0] },
      { organisationId: own.id, keystoreId: keystores[1] },
      { organisationId: own.id, keystoreId: keystores[2] },
      { organisationId: second.id },
      { organisationId: other.id },
      { organisationId: own.id, state: 'revoked' },
    ]);
    ownIds = rows.slice(0, 3).map((r) => r.id);
    secondId = rows[3]!.id;
    revokedId = rows[5]!.id;
    otherId = rows[4]!.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('adds a label to every selected certificate, each in its own organisation, one audit event each', async () => {
    const response = await bulk(manager.token, {
      certificateIds: ownIds,
      action: 'add-label',
      label: 'site Namur',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ action: 'add-label', changed: 3 });
    expect(response.body.certificates.map((c: Certificate) => [c.id, c.labels])).toEqual(
      ownIds.map((id) => [id, ['site Namur']]),
    );
    const across = await bulk(admin.token, {
      certificateIds: [ownIds[0], secondId],
      action: 'add-label',
      label: 'MyCareNet',
    }).expect(200);
    expect(across.body.changed).toBe(2);
    const labels = await t.http().get('/api/v1/labels').set(bearer(admin.token)).expect(200);
    expect(
      labels.body.labels.map((l: { organisationId: string; name: string; certificates: number }) => [
        l.organisationId,
        l.name,
        l.certificates,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [own.id, 'MyCareNet', 1],
        [second.id, 'MyCareNet', 1],
        [own.id, 'site Namur', 3],
      ]),
    );
    expect(await auditCount('certificate.label-added', [...ownIds, secondId])).toEqual({
      [ownIds[0]!]: 2,
      [ownIds[1]!]: 1,
      [ownIds[2]!]: 1,
      [secondId]: 1,
    });
  });

  it('counts only the certificates it changed: those that already carry the label are left alone', async () => {
    const response = await bulk(manager.token, {
      certificateIds: ownIds,
      action: 'add-label',
      label: 'MYCARENET',
    }).expect(200);
    expect(response.body.changed).toBe(2);
    expect(response.body.certificates.every((c: Certificate) => c.labels.includes('MyCareNet'))).toBe(true);
  });

  it('removes a label from the selection, audited per certificate', async () => {
    const response = await bulk(manager.token, {
      certificateIds: ownIds.slice(0, 2),
      action: 'remove-label',
      label: 'SITE NAMUR',
    }).expect(200);
    expect(response.body.changed).toBe(2);
    expect(response.body.certificates.map((c: Certificate) => c.labels)).toEqual([
      ['MyCareNet'],
      ['MyCareNet'],
    ]);
    expect(await auditCount('certificate.label-removed', ownIds)).toEqual({
      [ownIds[0]!]: 1,
      [ownIds[1]!]: 1,
    });
  });

  it('assigns a manager of the organisation to every selected certificate (administrators), one event each', async () => {
    const before = await snapshot(t);
    await bulk(manager.token, { certificateIds: ownIds, action: 'assign-manager', managerId: marie }).expect(
      403,
    );
    expect(await snapshot(t)).toEqual(before);
    const response = await bulk(admin.token, {
      certificateIds: ownIds,
      action: 'assign-manager',
      managerId: marie,
      note: 'Marie takes over the ambulance certificates',
    }).expect(200);
    expect(response.body.changed).toBe(3);
    expect(response.body.certificates.map((c: Certificate) => c.manager?.name)).toEqual([
      'Marie Dubois',
      'Marie Dubois',
      'Marie Dubois',
    ]);
    expect(Object.values(await auditCount('certificate.manager-reassigned', ownIds))).toEqual([1, 1, 1]);
  });

  it('moves the selected keystores to another PC and folder, each keeping its file name, audited per certificate', async () => {
    const response = await bulk(manager.token, {
      certificateIds: ownIds,
      action: 'set-keystore-location',
      keystore: { host: 'PC-ACCUEIL-02', path: 'D:\\keystores' },
    }).expect(200);
    expect(response.body.changed).toBe(3);
    expect(response.body.certificates.map((c: Certificate) => c.keystore)).toEqual(
      [1, 2, 3].map((i) => ({
        id: expect.any(String),
        fileName: `NIHII-AMBU_SERVICE=7960997${i} 20240101-120000.p12`,
        host: 'PC-ACCUEIL-02',
        path: 'D:\\keystores',
      })),
    );
    expect(Object.values(await auditCount('certificate.updated', ownIds))).toEqual([1, 1, 1]);
  });

  it('refuses to place keystores it does not know the file of, naming them, and changes nothing', async () => {
    const before = await snapshot(t);
    const response = await bulk(admin.token, {
      certificateIds: [ownIds[0], secondId],
      action: 'set-keystore-location',
      keystore: { host: 'PC-X', path: 'C:\\x' },
    }).expect(422);
    expect(response.body).toMatchObject({
      code: 'KEYSTORE_UNKNOWN',
      details: { certificateIds: [secondId] },
    });
    expect(await snapshot(t)).toEqual(before);
  });

  it("mutes every selected certificate's reminders through the mute command, one audit event each", async () => {
    const before = await snapshot(t);
    // A revoked certificate gets no reminders to mute: the mute command refuses it, and none of the others is muted.
    const refused = await bulk(manager.token, {
      certificateIds: [...ownIds, revokedId],
      action: 'mute',
      mute: { reason: 'retired', endDate: inAMonth },
    }).expect(409);
    expect(refused.body).toMatchObject({ code: 'CERTIFICATE_REVOKED' });
    await bulk(manager.token, {
      certificateIds: ownIds,
      action: 'mute',
      mute: { reason: 'other', endDate: inAMonth },
    }).expect(422);
    expect(await snapshot(t)).toEqual(before);

    const response = await bulk(manager.token, {
      certificateIds: ownIds,
      action: 'mute',
      mute: { reason: 'handled-by-integrator', endDate: inAMonth, note: 'Integrator X renews them' },
    }).expect(200);
    expect(response.body.changed).toBe(3);
    expect(
      response.body.certificates.map((c: { mute: { reason: string; endDate: string } | null }) => c.mute),
    ).toEqual(
      ownIds.map(() => expect.objectContaining({ reason: 'handled-by-integrator', endDate: inAMonth })),
    );
    expect(Object.values(await auditCount('certificate.muted', ownIds))).toEqual([1, 1, 1]);
  });

  describe('all or nothing', () => {
    it.each([
      ["another tenant's certificate", () => otherId],
      ['an unknown certificate', () => MISSING],
    ])('answers 404 when the selection holds %s, and changes none of the others', async (_, foreign) => {
      const before = await snapshot(t);
      for (const body of [
        { action: 'add-label', label: 'Recip-e' },
        { action: 'remove-label', label: 'MyCareNet' },
        { action: 'assign-manager', managerId: marie },
        { action: 'set-keystore-location', keystore: { host: 'PC-Y' } },
        { action: 'mute', mute: { reason: 'retired', endDate: inAMonth } },
      ]) {
        const response = await bulk(admin.token, { certificateIds: [...ownIds, foreign()], ...body });
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ code: 'NOT_FOUND', message: 'certificate not found' });
      }
      expect(await snapshot(t)).toEqual(before);
    });

    it('answers 404 for an organisation the actor does not see and 403 for a role that may not act; nothing changes', async () => {
      const viewer = await createUser(t, [{ role: 'viewer', organisationId: own.id }]);
      const before = await snapshot(t);
      // The certificate manager has no role in `second`: its certificate reads like another tenant's.
      await bulk(manager.token, {
        certificateIds: [...ownIds, secondId],
        action: 'add-label',
        label: 'x',
      }).expect(404);
      await bulk(viewer.token, { certificateIds: ownIds, action: 'add-label', label: 'x' }).expect(403);
      expect(await snapshot(t)).toEqual(before);
    });

    it("refuses another tenant's person as manager (422), like a missing one, and changes nothing", async () => {
      const before = await snapshot(t);
      const foreign = await bulk(admin.token, {
        certificateIds: ownIds,
        action: 'assign-manager',
        managerId: outsiderPerson,
      }).expect(422);
      const missing = await bulk(admin.token, {
        certificateIds: ownIds,
        action: 'assign-manager',
        managerId: MISSING,
      }).expect(422);
      expect(foreign.body).toEqual(missing.body);
      expect(foreign.body).toMatchObject({ code: 'NOT_A_MEMBER' });
      // Marie works for `own` only: a selection across both organisations cannot all be hers.
      await bulk(admin.token, {
        certificateIds: [ownIds[0], secondId],
        action: 'assign-manager',
        managerId: marie,
      }).expect(422);
      expect(await snapshot(t)).toEqual(before);
    });

    it('refuses a label past the 20 of one certificate for the whole selection', async () => {
      for (let i = 0; i < 18; i++)
        await bulk(manager.token, {
          certificateIds: [ownIds[2]],
          action: 'add-label',
          label: `l${i}`,
        }).expect(200);
      const before = await snapshot(t);
      const response = await bulk(manager.token, {
        certificateIds: ownIds,
        action: 'add-label',
        label: 'one too many',
      }).expect(422);
      expect(response.body).toMatchObject({ code: 'TOO_MANY_LABELS', details: { certificateId: ownIds[2] } });
      expect(await snapshot(t)).toEqual(before);
    });
  });

  describe('hostile input: 400 or 422, nothing changed', () => {
    const ids = () => ownIds;
    it.each([
      [
        '10,000 ids',
        () => ({
          certificateIds: Array.from({ length: 10_000 }, () => MISSING),
          action: 'add-label',
          label: 'x',
        }),
      ],
      [
        '1001 ids',
        () => ({
          certificateIds: Array.from(
            { length: 1001 },
            (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          ),
          action: 'add-label',
          label: 'x',
        }),
      ],
      ['duplicate ids', () => ({ certificateIds: [ids()[0], ids()[0]], action: 'add-label', label: 'x' })],
      ['no ids', () => ({ certificateIds: [], action: 'add-label', label: 'x' })],
      [
        'ids that are not uuids',
        () => ({ certificateIds: ["1' OR '1'='1"], action: 'add-label', label: 'x' }),
      ],
      ['nested ids', () => ({ certificateIds: [{ id: ids()[0] }], action: 'add-label', label: 'x' })],
      ['an unknown action', () => ({ certificateIds: ids(), action: 'delete' })],
      ['an action without its field', () => ({ certificateIds: ids(), action: 'assign-manager' })],
      [
        'a label that is an object',
        () => ({ certificateIds: ids(), action: 'add-label', label: { $gt: '' } }),
      ],
      [
        'a manager id that is no uuid',
        () => ({ certificateIds: ids(), action: 'assign-manager', managerId: 'x' }),
      ],
      [
        'a keystore place that is a string',
        () => ({ certificateIds: ids(), action: 'set-keystore-location', keystore: 'PC' }),
      ],
      [
        'a 5 kB host',
        () => ({
          certificateIds: ids(),
          action: 'set-keystore-location',
          keystore: { host: 'h'.repeat(5000) },
        }),
      ],
      [
        'a control character in the host',
        () => ({ certificateIds: ids(), action: 'set-keystore-location', keystore: { host: 'PC\u001b[2J' } }),
      ],
      ['a mute without its reason and end date', () => ({ certificateIds: ids(), action: 'mute' })],
      [
        'a mute with an unknown reason',
        () => ({ certificateIds: ids(), action: 'mute', mute: { reason: 'x', endDate: '2030-01-01' } }),
      ],
      ['a mute that is a string', () => ({ certificateIds: ids(), action: 'mute', mute: 'retired' })],
      [
        'an unknown field',
        () => ({ certificateIds: ids(), action: 'add-label', label: 'x', organisationId: other.id }),
      ],
    ])('refuses %s with 400', async (_, body) => {
      const before = await snapshot(t);
      const response = await bulk(admin.token, body());
      expect(response.status).toBe(400);
      expect(response.body.message).toBeTruthy();
      expect(await snapshot(t)).toEqual(before);
    });

    it.each([
      ['a 10 kB label', 'x'.repeat(10_000)],
      ['a blank label', '  '],
      ['a C1 control in a label', 'a\u0085b'],
    ])('refuses %s with 422 INVALID_LABEL', async (_, label) => {
      const before = await snapshot(t);
      const response = await bulk(admin.token, { certificateIds: ownIds, action: 'add-label', label }).expect(
        422,
      );
      expect(response.body).toMatchObject({ code: 'INVALID_LABEL' });
      expect(await snapshot(t)).toEqual(before);
    });

    it('refuses JSON nested deeper than any request needs', async () => {
      const before = await snapshot(t);
      let nested: unknown = 'x';
      for (let i = 0; i < 100; i++) nested = { a: nested };
      const response = await bulk(admin.token, {
        certificateIds: ownIds,
        action: 'add-label',
        label: nested,
      });
      expect(response.status).toBe(400);
      expect(await snapshot(t)).toEqual(before);
    });
  });
});
