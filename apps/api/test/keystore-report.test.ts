import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import type { KeystoreReportDto } from '@certdesk/contracts';
import { describeCertificate } from '@certdesk/domain';
import { parseCertificate, readCertificateFile } from '@certdesk/pki';
import { buildEhealthKeystore, type TestCertificate, type TestPki } from '@certdesk/pki/testing';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, uniqueCbe, type TestUser } from './support/fixtures.js';
import { KEYSTORE_PASSWORD, testPki, upload } from './support/import-fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const DAY = 86_400_000;
const fingerprint = (certificate: TestCertificate | Uint8Array) =>
  parseCertificate(certificate instanceof Uint8Array ? certificate : certificate.der).sha256Fingerprint;

/** What the card-bridge POSTs after inspecting `keystore` on a PC (apps/card-bridge keystoreReport). */
async function reportOf(
  keystore: Uint8Array,
  where: { hostName: string; folder: string; fileName: string },
): Promise<KeystoreReportDto> {
  const now = new Date();
  const read = await readCertificateFile(keystore, { password: KEYSTORE_PASSWORD });
  const entries = read.keystore!.entries;
  const authentication = entries.find((e) => e.role === 'authentication') ?? null;
  return {
    reportedAt: now.toISOString(),
    hostName: where.hostName,
    path: `${where.folder}/${where.fileName}`,
    fileName: where.fileName,
    identifierType: null,
    identifierValue: null,
    applicationId: null,
    createdAt: null,
    certificates: read.certificates.map((c) => describeCertificate(c, { now })),
    entries: entries.map(({ alias, role, hasPrivateKey, certificateFingerprint }) => ({
      alias,
      role,
      hasPrivateKey,
      certificateFingerprint,
    })),
    authenticationEntryPresent: authentication !== null,
    requestCompleted: authentication?.certificateFingerprint != null,
    etkKeys: read.keystore!.etkAliases,
    pendingKeys: read.keystore!.pendingKeyAliases,
  };
}

describe('POST /api/v1/keystores/report', () => {
  let t: TestApp;
  let pki: TestPki;
  let own: { id: string };
  let other: { id: string };
  let ownCbe: string;
  let otherCbe: string;
  let manager: TestUser;
  let viewer: TestUser;
  let serial = 0;

  beforeAll(async () => {
    t = await startTestApp();
    pki = await testPki();
    ownCbe = uniqueCbe();
    otherCbe = uniqueCbe();
    own = await createOrganisation(t, { identifiers: [{ type: 'CBE', value: ownCbe }] });
    other = await createOrganisation(t, { identifiers: [{ type: 'CBE', value: otherCbe }] });
    manager = await createUser(t, [{ role: 'certificate-manager', organisationId: own.id }]);
    viewer = await createUser(t, [{ role: 'viewer', organisationId: own.id }]);
  });
  afterAll(() => t.close());

  /** A certificate imported as a bare PEM (keystore unknown) into `organisationId`, and its keystore. */
  async function inventoried(organisationId: string, cbe: string) {
    const notAfter = new Date(Date.now() + 500 * DAY);
    const authentication = await pki.issueEhealthCertificate({
      identifierType: 'CBE',
      identifierValue: cbe,
      holderName: 'Report Test',
      applicationId: `REPORT${++serial}`,
      notBefore: new Date(notAfter.getTime() - 3 * 365 * DAY),
      notAfter,
    });
    const etk = await pki.issueEtkCertificate(authentication);
    const keystore = await buildEhealthKeystore({
      password: KEYSTORE_PASSWORD,
      encryption: 'legacy',
      authentication,
      etk: [etk],
      caCertificates: [pki.root.certificate.der],
    });
    const response = await upload(t, t.adminToken, [{ name: 'cert.pem', bytes: authentication.pem }], {
      organisationId,
    }).expect(200);
    return {
      id: response.body.files[0].certificates[0].certificateId as string,
      authentication,
      etk,
      keystore,
    };
  }
  const report = (token: string, body: object) =>
    t.http().post('/api/v1/keystores/report').set(bearer(token)).send(body);
  const detail = (id: string) =>
    t
      .http()
      .get(`/api/v1/certificates/${id}`)
      .set(bearer(t.adminToken))
      .expect(200)
      .then((r) => r.body);

  it('records where the keystore lives and what it holds on the certificates in it, audited', async () => {
    const { id, authentication, etk, keystore } = await inventoried(own.id, ownCbe);
    const fileName = `CBE=${ownCbe} 20240507-144322.p12`;
    const body = await reportOf(keystore, {
      hostName: 'PC-ACCUEIL',
      folder: '/home/marie/ehealth/keystore',
      fileName,
    });
    const response = await report(manager.token, body).expect(200);
    expect(response.body).toEqual({
      linked: [
        {
          sha256Fingerprint: fingerprint(authentication),
          certificateId: id,
          organisationId: own.id,
          keystoreId: expect.any(String),
        },
      ],
      readOnly: [],
      unknown: [],
    });
    const certificate = await detail(id);
    expect(certificate).toMatchObject({
      hasPrivateKey: true,
      alias: 'authentication',
      keystore: {
        id: response.body.linked[0].keystoreId,
        fileName,
        host: 'PC-ACCUEIL',
        path: '/home/marie/ehealth/keystore',
      },
    });
    expect(certificate.keystore.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          role: 'authentication',
          certificateFingerprint: fingerprint(authentication),
        }),
        expect.objectContaining({ role: 'etk', certificateFingerprint: fingerprint(etk) }),
        expect.objectContaining({ role: 'ca', certificateFingerprint: fingerprint(pki.root.certificate) }),
      ]),
    );
    expect(certificate.audit[0]).toMatchObject({
      action: 'certificate.keystore-reported',
      before: { keystore: null, hasPrivateKey: false },
      after: { keystore: { fileName, host: 'PC-ACCUEIL' }, hasPrivateKey: true, alias: 'authentication' },
    });

    // Reported again: the same keystore record, its entries replaced (not added twice).
    const again = await report(manager.token, body).expect(200);
    expect(again.body.linked[0].keystoreId).toBe(response.body.linked[0].keystoreId);
    expect((await detail(id)).keystore.entries).toHaveLength(certificate.keystore.entries.length);

    // An import of the same file at the same place meets the same record.
    const db = t.app.get(DataSource);
    const [{ count }] = await db.query(
      'SELECT count(*)::int AS count FROM keystore WHERE organisation_id = $1',
      [own.id],
    );
    expect(count).toBe(1);
  });

  it("reports another tenant's certificates and unknown ones alike as unknown, and leaves them unchanged", async () => {
    const theirs = await inventoried(other.id, otherCbe);
    const unknownCertificate = await pki.issueEhealthCertificate({
      identifierType: 'CBE',
      identifierValue: ownCbe,
      holderName: 'Never Imported',
    });
    const before = await snapshot(t);
    for (const keystore of [
      theirs.keystore,
      await buildEhealthKeystore({
        password: KEYSTORE_PASSWORD,
        encryption: 'modern',
        authentication: unknownCertificate,
      }),
    ]) {
      const body = await reportOf(keystore, { hostName: 'PC', folder: '/tmp', fileName: 'x.p12' });
      const response = await report(manager.token, body).expect(200);
      expect(response.body).toEqual({
        linked: [],
        readOnly: [],
        unknown: [expect.stringMatching(/^[0-9a-f]{64}$/)],
      });
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it('changes nothing for a viewer, who learns only that the certificate is theirs to read', async () => {
    const { authentication, keystore } = await inventoried(own.id, ownCbe);
    const before = await snapshot(t);
    const body = await reportOf(keystore, { hostName: 'PC', folder: '/tmp', fileName: 'v.p12' });
    const response = await report(viewer.token, body).expect(200);
    expect(response.body).toEqual({ linked: [], readOnly: [fingerprint(authentication)], unknown: [] });
    expect(await snapshot(t)).toEqual(before);
  });

  it('links the certificate in every organisation the caller may update (central administrator)', async () => {
    const mine = await inventoried(own.id, ownCbe);
    // The same certificate, forced into another organisation too.
    await upload(t, t.adminToken, [{ name: 'c.pem', bytes: mine.authentication.pem }], {
      organisationId: other.id,
      force: true,
    }).expect(200);
    const body = await reportOf(mine.keystore, { hostName: 'PC', folder: 'C:\\keys', fileName: 'both.p12' });
    const response = await report(t.adminToken, body).expect(200);
    expect(response.body.linked.map((l: { organisationId: string }) => l.organisationId).sort()).toEqual(
      [own.id, other.id].sort(),
    );
  });

  it.each([
    ['an empty body', () => ({})],
    [
      'a fingerprint that is not SHA-256 hex',
      (b: KeystoreReportDto) => ({ ...b, entries: [{ ...b.entries[0], certificateFingerprint: 'xyz' }] }),
    ],
    ['a file name with folders', (b: KeystoreReportDto) => ({ ...b, fileName: '../../etc/passwd' })],
    ['an unknown field (a password)', (b: KeystoreReportDto) => ({ ...b, password: KEYSTORE_PASSWORD })],
    [
      'an unknown entry role',
      (b: KeystoreReportDto) => ({ ...b, entries: [{ ...b.entries[0], role: 'secret-key' }] }),
    ],
    [
      'a certificate without its fingerprint',
      (b: KeystoreReportDto) => ({
        ...b,
        certificates: [{ ...b.certificates[0], sha256Fingerprint: undefined }],
      }),
    ],
  ])('refuses %s (400) and writes nothing', async (_, change) => {
    const { keystore } = await inventoried(own.id, ownCbe);
    const body = await reportOf(keystore, { hostName: 'PC', folder: '/tmp', fileName: 'bad.p12' });
    const before = await snapshot(t);
    const response = await report(manager.token, change(body)).expect(400);
    expect(response.body.code).toBe('BAD_REQUEST');
    expect(response.text).not.toContain(KEYSTORE_PASSWORD);
    expect(await snapshot(t)).toEqual(before);
  });

  it('needs a bearer token', async () => {
    await t.http().post('/api/v1/keystores/report').send({}).expect(401);
  });
});
