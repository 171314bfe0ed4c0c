import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { withMod97CheckDigits } from '@certdesk/domain';
import { parseCertificate } from '@certdesk/pki';
import {
  buildEhealthKeystore,
  buildKeystore,
  type TestCertificate,
  type TestPki,
} from '@certdesk/pki/testing';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, uniqueCbe, type TestUser } from './support/fixtures.js';
import {
  javaLegacyKeystore,
  KEYSTORE_PASSWORD,
  pkiFixture,
  testPki,
  upload,
  zip,
} from './support/import-fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const DAY = 86_400_000;
const fingerprint = (certificate: TestCertificate | Uint8Array) =>
  parseCertificate(certificate instanceof Uint8Array ? certificate : certificate.der).sha256Fingerprint;

/** An SSIN with valid check digits (born in the 1900s). */
function ssin(first9: string): string {
  return withMod97CheckDigits(first9);
}

const LIMITS = {
  UPLOAD_MAX_FILE_BYTES: String(64 * 1024),
  UPLOAD_MAX_FILES: '8',
  UPLOAD_MAX_UNZIPPED_BYTES: String(256 * 1024),
};

describe('POST /api/v1/certificates/import', () => {
  let t: TestApp;
  let pki: TestPki;
  let org: { id: string };
  let cbe: string;
  let manager: TestUser;
  const memberSsin = ssin('850101123');

  beforeAll(async () => {
    t = await startTestApp(LIMITS);
    pki = await testPki();
    cbe = uniqueCbe();
    org = await createOrganisation(t, {
      identifiers: [
        { type: 'CBE', value: cbe },
        { type: 'NIHII-AMBU_SERVICE', value: '79609977' },
      ],
    });
    manager = await createUser(t, [{ role: 'certificate-manager', organisationId: org.id }]);
    await t
      .http()
      .post('/api/v1/people')
      .set(bearer(t.adminToken))
      .send({ name: 'Marie Dupont', ssin: memberSsin, memberships: [{ organisationId: org.id }] })
      .expect(201);
  });
  afterAll(() => t.close());

  const ehealth = (options: {
    identifierType?: string;
    identifierValue?: string;
    applicationId?: string | null;
    environment?: 'production' | 'acceptance';
    expiresInDays?: number;
  }) => {
    const notAfter = new Date(Date.now() + (options.expiresInDays ?? 400) * DAY);
    return pki.issueEhealthCertificate({
      identifierType: options.identifierType ?? 'CBE',
      identifierValue: options.identifierValue ?? cbe,
      holderName: 'Ambulances de Namur',
      applicationId: options.applicationId ?? null,
      environment: options.environment ?? 'production',
      notBefore: new Date(notAfter.getTime() - 3 * 365 * DAY),
      notAfter,
    });
  };
  const get = (id: string) =>
    t.http().get(`/api/v1/certificates/${id}`).set(bearer(t.adminToken)).expect(200);

  describe('one certificate file', () => {
    it('imports a PEM eHealth certificate, classified by libs/domain, and audits it without its DER', async () => {
      const certificate = await ehealth({ applicationId: 'VITALINKGATEWAY' });
      const response = await upload(t, manager.token, [{ name: 'cert.pem', bytes: certificate.pem }], {
        organisationId: org.id,
      }).expect(200);
      expect(response.body.summary).toEqual({ imported: 1, alreadyThere: 0, skipped: 0, refused: 0 });
      const [file] = response.body.files;
      expect(file).toMatchObject({ name: 'cert.pem', outcome: 'imported', code: null, keystoreId: null });
      expect(file.certificates).toEqual([
        expect.objectContaining({
          outcome: 'imported',
          sha256Fingerprint: fingerprint(certificate),
          forced: [],
          supersedes: [],
        }),
      ]);
      const detail = await get(file.certificates[0].certificateId);
      expect(detail.body).toMatchObject({
        organisationId: org.id,
        sha256Fingerprint: fingerprint(certificate),
        status: 'valid',
        state: 'active',
        hasPrivateKey: false,
        keystore: null,
        ehealth: {
          identifierType: 'CBE',
          identifierValue: cbe,
          applicationId: 'VITALINKGATEWAY',
          holderName: 'AMBULANCES DE NAMUR',
          environment: 'production',
          knownType: true,
          checkDigitsValid: true,
        },
      });
      const imported = detail.body.audit.find((e: { action: string }) => e.action === 'certificate.imported');
      expect(imported.after).toMatchObject({ sha256Fingerprint: fingerprint(certificate), file: 'cert.pem' });
      expect(JSON.stringify(imported)).not.toContain(
        Buffer.from(certificate.der).toString('base64').slice(0, 40),
      );
    });

    it('imports a DER certificate, and re-importing it (DER or PEM) changes nothing', async () => {
      const certificate = await ehealth({ applicationId: 'DER' });
      const first = await upload(t, manager.token, [{ name: 'cert.der', bytes: certificate.der }], {
        organisationId: org.id,
      }).expect(200);
      const id = first.body.files[0].certificates[0].certificateId;
      const before = await snapshot(t);
      for (const file of [
        { name: 'again.der', bytes: certificate.der },
        { name: 'again.pem', bytes: certificate.pem },
      ]) {
        const again = await upload(t, manager.token, [file], { organisationId: org.id }).expect(200);
        expect(again.body.files[0]).toMatchObject({
          outcome: 'already-there',
          certificates: [{ outcome: 'already-there', certificateId: id }],
        });
      }
      expect(await snapshot(t)).toEqual(before);
    });

    it('imports a PEM bundle with text around it: the certificate, its CA chain skipped', async () => {
      const certificate = await ehealth({ applicationId: 'BUNDLE' });
      const chainPem = certificate.chain
        .map((der) => `subject=...\n${parseCertificate(der).subject.length} attributes\n${pemOf(der)}`)
        .join('\n');
      const text = `Certificate:\n    Data: (openssl x509 -text output)\n${certificate.pem}\nsome notes\n${chainPem}\ntrailing text\n`;
      const response = await upload(t, manager.token, [{ name: 'bundle.txt', bytes: text }], {
        organisationId: org.id,
      }).expect(200);
      const { certificates } = response.body.files[0];
      expect(
        certificates.map((c: { outcome: string; skipReason: string | null }) => [c.outcome, c.skipReason]),
      ).toEqual([
        ['imported', null],
        ['skipped', 'CA_CERTIFICATE'],
        ['skipped', 'CA_CERTIFICATE'],
      ]);
    });

    it("imports a personal SSIN certificate of one of the organisation's people", async () => {
      const certificate = await ehealth({ identifierType: 'SSIN', identifierValue: memberSsin });
      const response = await upload(t, manager.token, [{ name: 'ssin.pem', bytes: certificate.pem }], {
        organisationId: org.id,
      }).expect(200);
      expect(response.body.files[0].outcome).toBe('imported');
    });

    it.each([
      ['another identifier', { identifierType: 'CBE', identifierValue: '0566988259' }],
      [
        'the SSIN of somebody outside the organisation',
        { identifierType: 'SSIN', identifierValue: ssin('900202456') },
      ],
    ])('refuses %s with IDENTIFIER_MISMATCH and writes nothing, unless forced', async (_, identifier) => {
      const certificate = await ehealth(identifier);
      const before = await snapshot(t);
      const refused = await upload(t, manager.token, [{ name: 'other.pem', bytes: certificate.pem }], {
        organisationId: org.id,
      }).expect(422);
      expect(refused.body).toMatchObject({ statusCode: 422, code: 'IDENTIFIER_MISMATCH' });
      expect(refused.body.message).not.toContain(
        identifier.identifierType === 'SSIN' ? identifier.identifierValue : '\u0000',
      );
      // Both sides named, for the dashboard's "import anyway?" question: the certificate's (an SSIN masked) and the
      // organisation's.
      expect(refused.body.details).toEqual({
        certificateIdentifier:
          identifier.identifierType === 'SSIN'
            ? `SSIN=${identifier.identifierValue.slice(0, 6)}-***-**`
            : `CBE=${identifier.identifierValue}`,
        applicationId: null,
        organisationIdentifiers: [`CBE=${cbe}`, 'NIHII-AMBU_SERVICE=79609977'],
      });
      expect(await snapshot(t)).toEqual(before);

      const forced = await upload(t, manager.token, [{ name: 'other.pem', bytes: certificate.pem }], {
        organisationId: org.id,
        force: true,
      }).expect(200);
      expect(forced.body.files[0].certificates[0]).toMatchObject({
        outcome: 'imported',
        forced: ['IDENTIFIER_MISMATCH'],
      });
    });

    it('refuses a certificate that is not an eHealth one (an eID certificate) unless forced', async () => {
      const { authentication } = await pki.issueCitizenCertificates({
        ssin: memberSsin,
        givenName: 'Marie',
        surname: 'Dupont',
        keyAlgorithm: 'EC-P384',
      });
      const before = await snapshot(t);
      const refused = await upload(t, manager.token, [{ name: 'eid.pem', bytes: authentication.pem }], {
        organisationId: org.id,
      }).expect(422);
      expect(refused.body.code).toBe('NOT_EHEALTH_CERTIFICATE');
      expect(await snapshot(t)).toEqual(before);
      const forced = await upload(t, manager.token, [{ name: 'eid.pem', bytes: authentication.pem }], {
        organisationId: org.id,
        force: 'true',
      }).expect(200);
      const { certificateId, forced: overridden } = forced.body.files[0].certificates[0];
      expect(overridden).toEqual(['NOT_EHEALTH_CERTIFICATE']);
      expect((await get(certificateId)).body).toMatchObject({ ehealth: null, state: 'active' });
    });

    it('keeps a file name with accents as it was sent', async () => {
      const certificate = await ehealth({ applicationId: 'ACCENTS' });
      const response = await upload(
        t,
        manager.token,
        [{ name: 'clé numéro 1.pem', bytes: certificate.pem }],
        {
          organisationId: org.id,
        },
      ).expect(200);
      expect(response.body.files[0].name).toBe('clé numéro 1.pem');
    });

    it('skips a lone CA certificate', async () => {
      const response = await upload(
        t,
        manager.token,
        [{ name: 'root.pem', bytes: pki.root.certificate.pem }],
        {
          organisationId: org.id,
        },
      ).expect(200);
      expect(response.body.files[0]).toMatchObject({
        outcome: 'skipped',
        certificates: [{ outcome: 'skipped', skipReason: 'CA_CERTIFICATE', certificateId: null }],
      });
    });

    it.each([
      ['a truncated DER certificate', async () => (await ehealth({})).der.slice(0, 300), 'UNREADABLE'],
      [
        'a PEM certificate cut before its END line',
        async () => (await ehealth({})).pem.slice(0, 400),
        'UNREADABLE',
      ],
      ['a text file', async () => Buffer.from('not a certificate at all\n'), 'UNSUPPORTED_FORMAT'],
      ['a Java keystore (JKS)', async () => pkiFixture('java-keystore.jks'), 'UNSUPPORTED_FORMAT'],
      ['a Java keystore (JCEKS)', async () => pkiFixture('java-keystore.jceks'), 'UNSUPPORTED_FORMAT'],
    ])('refuses %s with 422 and writes nothing', async (_, bytes, code) => {
      const before = await snapshot(t);
      const response = await upload(t, manager.token, [{ name: 'file.bin', bytes: await bytes() }], {
        organisationId: org.id,
      }).expect(422);
      expect(response.body).toEqual({ statusCode: 422, code, message: expect.any(String) });
      expect(await snapshot(t)).toEqual(before);
    });

    it('answers 413 for a file over UPLOAD_MAX_FILE_BYTES and writes nothing', async () => {
      const before = await snapshot(t);
      const big = Buffer.alloc(64 * 1024 + 1, 0x41);
      const response = await upload(t, manager.token, [{ name: 'big.pem', bytes: big }], {
        organisationId: org.id,
      });
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(await snapshot(t)).toEqual(before);
    });

    it('refuses a request without files or without an organisation', async () => {
      const before = await snapshot(t);
      const noFiles = await upload(t, manager.token, [], { organisationId: org.id }).expect(400);
      expect(noFiles.body.code).toBe('FILES_REQUIRED');
      await upload(t, manager.token, [{ name: 'x.pem', bytes: 'x' }], {}).expect(400);
      await upload(t, manager.token, [{ name: 'x.pem', bytes: 'x' }], {
        organisationId: org.id,
        force: 'maybe',
      }).expect(400);
      const missing = await upload(t, t.adminToken, [{ name: 'x.pem', bytes: 'x' }], {
        organisationId: '00000000-0000-4000-8000-000000000000',
      }).expect(404);
      expect(missing.body.code).toBe('NOT_FOUND');
      expect(await snapshot(t)).toEqual(before);
    });
  });

  describe('keystores', () => {
    it.each(['legacy', 'modern'] as const)(
      'records a %s keystore: the certificate with its key and alias, the keystore and its entries, never the ETK as inventory',
      async (encryption) => {
        const authentication = await ehealth({ applicationId: `KS-${encryption.toUpperCase()}` });
        const etk = await pki.issueEtkCertificate(authentication);
        const bytes = await buildEhealthKeystore({
          password: KEYSTORE_PASSWORD,
          encryption,
          authentication,
          etk: [etk],
          caCertificates: [pki.root.certificate.der],
        });
        const fileName = `CBE=${cbe} 20240507-144322.p12`;
        const response = await upload(t, manager.token, [{ name: fileName, bytes }], {
          organisationId: org.id,
          password: KEYSTORE_PASSWORD,
          host: 'PC-ACCUEIL-01',
          path: `C:\\Users\\marie\\ehealth\\keystore\\${fileName}`,
        }).expect(200);
        const [file] = response.body.files;
        expect(file.outcome).toBe('imported');
        expect(file.keystoreId).toEqual(expect.any(String));
        const byFingerprint = Object.fromEntries(
          file.certificates.map((c: { sha256Fingerprint: string }) => [c.sha256Fingerprint, c]),
        );
        expect(byFingerprint[fingerprint(authentication)]).toMatchObject({ outcome: 'imported' });
        expect(byFingerprint[fingerprint(etk)]).toMatchObject({
          outcome: 'skipped',
          skipReason: 'ETK_CERTIFICATE',
        });

        const detail = await get(byFingerprint[fingerprint(authentication)].certificateId);
        expect(detail.body).toMatchObject({
          hasPrivateKey: true,
          alias: 'authentication',
          keystore: {
            id: file.keystoreId,
            fileName,
            host: 'PC-ACCUEIL-01',
            path: 'C:\\Users\\marie\\ehealth\\keystore',
            encryption,
          },
        });
        expect(detail.body.keystore.entries).toEqual(
          expect.arrayContaining([
            {
              alias: 'authentication',
              role: 'authentication',
              hasPrivateKey: true,
              certificateFingerprint: fingerprint(authentication),
            },
            {
              alias: expect.any(String),
              role: 'etk',
              hasPrivateKey: true,
              certificateFingerprint: fingerprint(etk),
            },
            {
              alias: expect.any(String),
              role: 'ca',
              hasPrivateKey: false,
              certificateFingerprint: fingerprint(pki.root.certificate),
            },
          ]),
        );
        const db = t.app.get(DataSource);
        const [{ count }] = await db.query(
          'SELECT count(*)::int AS count FROM certificate WHERE sha256_fingerprint = $1',
          [fingerprint(etk)],
        );
        expect(count).toBe(0);
      },
    );

    it.each(['legacy', 'modern'] as const)(
      'refuses a %s keystore with a wrong or no password (422), writing nothing',
      async (encryption) => {
        const authentication = await ehealth({ applicationId: `PW-${encryption.toUpperCase()}` });
        const bytes = await buildEhealthKeystore({ password: KEYSTORE_PASSWORD, encryption, authentication });
        const before = await snapshot(t);
        const wrong = await upload(t, manager.token, [{ name: 'ks.p12', bytes }], {
          organisationId: org.id,
          password: 'not-the-password-1',
        }).expect(422);
        expect(wrong.body).toEqual({ statusCode: 422, code: 'WRONG_PASSWORD', message: expect.any(String) });
        const none = await upload(t, manager.token, [{ name: 'ks.p12', bytes }], {
          organisationId: org.id,
        }).expect(422);
        expect(none.body.code).toMatch(/^(PASSWORD_REQUIRED|WRONG_PASSWORD)$/);
        expect(await snapshot(t)).toEqual(before);
      },
    );

    it('refuses a damaged keystore as UNREADABLE', async () => {
      const authentication = await ehealth({ applicationId: 'DAMAGED' });
      const bytes = await buildEhealthKeystore({
        password: KEYSTORE_PASSWORD,
        encryption: 'modern',
        authentication,
      });
      const before = await snapshot(t);
      const response = await upload(
        t,
        manager.token,
        [{ name: 'ks.p12', bytes: bytes.slice(0, bytes.length - 200) }],
        {
          organisationId: org.id,
          password: KEYSTORE_PASSWORD,
        },
      ).expect(422);
      expect(response.body.code).toBe('UNREADABLE');
      expect(await snapshot(t)).toEqual(before);
    });

    it('imports the Java keytool legacy keystore fixture with its password, and refuses a wrong one', async () => {
      const java = javaLegacyKeystore();
      const before = await snapshot(t);
      await upload(t, manager.token, [{ name: 'java.p12', bytes: java.bytes }], {
        organisationId: org.id,
        password: 'Wrong-Password-1',
      }).expect(422);
      expect(await snapshot(t)).toEqual(before);
      const response = await upload(t, manager.token, [{ name: 'java.p12', bytes: java.bytes }], {
        organisationId: org.id,
        password: java.password,
      }).expect(200);
      const imported = response.body.files[0].certificates.filter(
        (c: { outcome: string }) => c.outcome === 'imported',
      );
      expect(imported).toEqual([
        expect.objectContaining({ sha256Fingerprint: java.authentication.sha256Fingerprint }),
      ]);
      const detail = await get(imported[0].certificateId);
      expect(detail.body).toMatchObject({
        alias: 'authentication',
        hasPrivateKey: true,
        notAfter: expect.stringMatching(/^2027-05-07/),
        ehealth: { identifierType: 'NIHII-AMBU_SERVICE', identifierValue: '79609977' },
        keystore: { fileName: 'java.p12', host: null, path: null, encryption: 'legacy' },
      });
      expect(detail.body.keystore.entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            alias: java.etk.alias,
            role: 'etk',
            certificateFingerprint: java.etk.sha256Fingerprint,
          }),
          expect.objectContaining({ role: 'ca', certificateFingerprint: java.root.sha256Fingerprint }),
        ]),
      );
    });

    it('skips a keystore whose request was not completed (a key without its certificate)', async () => {
      const bytes = await buildEhealthKeystore({ password: KEYSTORE_PASSWORD, encryption: 'legacy' });
      const before = await snapshot(t);
      const response = await upload(t, manager.token, [{ name: 'pending.p12', bytes }], {
        organisationId: org.id,
        password: KEYSTORE_PASSWORD,
      }).expect(200);
      expect(response.body.files[0]).toMatchObject({ outcome: 'skipped', certificates: [] });
      expect(response.body.files[0].message).toMatch(/not completed/);
      expect(await snapshot(t)).toEqual(before);
    });

    it('records the keystore of certificates already there: where it lives, its encryption, its entries, audited', async () => {
      const authentication = await ehealth({ applicationId: 'KNOWN-KEYSTORE' });
      const etk = await pki.issueEtkCertificate(authentication);
      const first = await upload(t, manager.token, [{ name: 'known.pem', bytes: authentication.pem }], {
        organisationId: org.id,
      }).expect(200);
      const certificateId = first.body.files[0].certificates[0].certificateId;
      expect((await get(certificateId)).body).toMatchObject({ keystore: null, hasPrivateKey: false });

      const bytes = await buildEhealthKeystore({
        password: KEYSTORE_PASSWORD,
        encryption: 'legacy',
        authentication,
        etk: [etk],
      });
      const fileName = `CBE=${cbe} 20240601-101500.p12`;
      const place = { host: 'PC-SECRETARIAT', path: 'C:\\Users\\jan\\ehealth\\keystore' };
      const response = await upload(t, manager.token, [{ name: fileName, bytes }], {
        organisationId: org.id,
        password: KEYSTORE_PASSWORD,
        ...place,
      }).expect(200);
      const [file] = response.body.files;
      expect(file).toMatchObject({
        outcome: 'already-there',
        keystoreId: expect.any(String),
        certificates: expect.arrayContaining([
          expect.objectContaining({ outcome: 'already-there', certificateId }),
        ]),
      });
      const detail = (await get(certificateId)).body;
      expect(detail).toMatchObject({
        hasPrivateKey: true,
        alias: 'authentication',
        keystore: { id: file.keystoreId, fileName, ...place, encryption: 'legacy' },
      });
      expect(detail.keystore.entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            role: 'authentication',
            certificateFingerprint: fingerprint(authentication),
          }),
          expect.objectContaining({ role: 'etk', certificateFingerprint: fingerprint(etk) }),
        ]),
      );
      const recorded = detail.audit.filter(
        (e: { action: string }) => e.action === 'certificate.keystore-recorded',
      );
      expect(recorded).toHaveLength(1);
      expect(recorded[0]).toMatchObject({
        before: { keystore: null, hasPrivateKey: false, alias: null },
        after: {
          file: fileName,
          keystore: { id: file.keystoreId, fileName, ...place },
          encryption: 'legacy',
          hasPrivateKey: true,
          alias: 'authentication',
        },
      });

      // The same keystore from the same place again: nothing changes, nothing more is audited.
      const before = await snapshot(t);
      const again = await upload(t, manager.token, [{ name: fileName, bytes }], {
        organisationId: org.id,
        password: KEYSTORE_PASSWORD,
        ...place,
      }).expect(200);
      expect(again.body.files[0]).toMatchObject({ outcome: 'already-there', keystoreId: file.keystoreId });
      expect(await snapshot(t)).toEqual(before);
    });

    it('records a key waiting for its certificate among the entries of a keystore it imports', async () => {
      const authentication = await ehealth({ applicationId: 'PENDING-KEY' });
      const pendingKey = await ehealth({ applicationId: 'PENDING-OTHER' });
      const bytes = await buildKeystore({
        password: KEYSTORE_PASSWORD,
        encryption: 'modern',
        entries: [
          {
            alias: 'authentication',
            privateKeyPkcs8: authentication.privateKeyPkcs8,
            certificates: [authentication.der],
          },
          { alias: 'renewal', privateKeyPkcs8: pendingKey.privateKeyPkcs8, certificates: [] },
        ],
      });
      const response = await upload(t, manager.token, [{ name: 'renewing.p12', bytes }], {
        organisationId: org.id,
        password: KEYSTORE_PASSWORD,
      }).expect(200);
      const detail = await get(response.body.files[0].certificates[0].certificateId);
      expect(detail.body.keystore.entries).toEqual(
        expect.arrayContaining([
          { alias: 'renewal', role: 'other', hasPrivateKey: true, certificateFingerprint: null },
        ]),
      );
    });
  });

  describe('several files and zips', () => {
    it("answers each file's outcome, each file on its own, and opens zips (not nested ones)", async () => {
      const fresh = await ehealth({ applicationId: 'ZIP-NEW' });
      const known = await ehealth({ applicationId: 'ZIP-KNOWN' });
      await upload(t, manager.token, [{ name: 'known.pem', bytes: known.pem }], {
        organisationId: org.id,
      }).expect(200);
      const keystoreCertificate = await ehealth({ applicationId: 'ZIP-KEYSTORE' });
      const keystore = await buildEhealthKeystore({
        password: KEYSTORE_PASSWORD,
        encryption: 'legacy',
        authentication: keystoreCertificate,
      });
      const stranger = await ehealth({
        identifierType: 'CBE',
        identifierValue: '0566988259',
        applicationId: 'ZIP',
      });
      const inner = await zip([{ name: 'inner.pem', bytes: fresh.pem }]);
      const archive = await zip([
        { name: 'certs/', bytes: '' },
        { name: 'certs/fresh.pem', bytes: fresh.pem },
        { name: 'certs/known.der', bytes: known.der },
        { name: 'keystores/ks.p12', bytes: keystore },
        { name: 'stranger.pem', bytes: stranger.pem },
        { name: 'nested.zip', bytes: inner },
        { name: '__MACOSX/._fresh.pem', bytes: 'resource fork' },
      ]);
      const response = await upload(
        t,
        manager.token,
        [
          { name: 'bundle.zip', bytes: archive },
          { name: 'root.pem', bytes: pki.root.certificate.pem },
          { name: 'broken.der', bytes: fresh.der.slice(0, 100) },
        ],
        { organisationId: org.id, password: KEYSTORE_PASSWORD },
      ).expect(200);
      const outcomes = Object.fromEntries(
        response.body.files.map((f: { name: string; outcome: string; code: string | null }) => [
          f.name,
          [f.outcome, f.code],
        ]),
      );
      expect(outcomes).toEqual({
        'bundle.zip/certs/fresh.pem': ['imported', null],
        'bundle.zip/certs/known.der': ['already-there', null],
        'bundle.zip/keystores/ks.p12': ['imported', null],
        'bundle.zip/stranger.pem': ['refused', 'IDENTIFIER_MISMATCH'],
        'bundle.zip/nested.zip': ['refused', 'UNSUPPORTED_FORMAT'],
        'root.pem': ['skipped', null],
        'broken.der': ['refused', 'UNREADABLE'],
      });
      expect(response.body.summary).toEqual({ imported: 2, alreadyThere: 1, skipped: 1, refused: 3 });
      expect(
        response.body.files.find((f: { name: string }) => f.name === 'bundle.zip/stranger.pem').details,
      ).toEqual({
        certificateIdentifier: 'CBE=0566988259',
        applicationId: 'ZIP',
        organisationIdentifiers: [`CBE=${cbe}`, 'NIHII-AMBU_SERVICE=79609977'],
      });
      const keystoreFile = response.body.files.find(
        (f: { name: string }) => f.name === 'bundle.zip/keystores/ks.p12',
      );
      const detail = await get(keystoreFile.certificates[0].certificateId);
      expect(detail.body.keystore).toMatchObject({ fileName: 'ks.p12', encryption: 'legacy' });
      const db = t.app.get(DataSource);
      const [{ count }] = await db.query(
        'SELECT count(*)::int AS count FROM certificate WHERE sha256_fingerprint = $1',
        [fingerprint(stranger)],
      );
      expect(count).toBe(0);
    });

    it('writes the files of one upload together as each alone would: first holder imports, renewals supersede in any order, keystores recorded', async () => {
      const twice = await ehealth({ applicationId: 'BATCH-TWICE' });
      const old = await ehealth({ applicationId: 'BATCH-RENEWAL', expiresInDays: 20 });
      const renewed = await ehealth({ applicationId: 'BATCH-RENEWAL', expiresInDays: 900 });
      const inKeystore = await ehealth({ applicationId: 'BATCH-KEYSTORE' });
      const keystore = await buildEhealthKeystore({
        password: KEYSTORE_PASSWORD,
        encryption: 'legacy',
        authentication: inKeystore,
      });
      const response = await upload(
        t,
        manager.token,
        [
          { name: 'a-twice.pem', bytes: twice.pem },
          { name: 'b-renewed.pem', bytes: renewed.pem },
          { name: 'c-twice-again.pem', bytes: twice.pem },
          { name: 'd-old.pem', bytes: old.pem },
          { name: 'e-in-keystore.pem', bytes: inKeystore.pem },
          { name: 'f-keystore.p12', bytes: keystore },
        ],
        { organisationId: org.id, password: KEYSTORE_PASSWORD },
      ).expect(200);
      const byName = Object.fromEntries(
        response.body.files.map((f: { name: string }) => [f.name, f]),
      ) as Record<
        string,
        { outcome: string; keystoreId: string | null; certificates: Record<string, unknown>[] }
      >;
      expect(Object.fromEntries(Object.entries(byName).map(([name, f]) => [name, f.outcome]))).toEqual({
        'a-twice.pem': 'imported',
        'b-renewed.pem': 'imported',
        'c-twice-again.pem': 'already-there',
        'd-old.pem': 'imported',
        'e-in-keystore.pem': 'imported',
        'f-keystore.p12': 'already-there',
      });
      expect(byName['c-twice-again.pem']!.certificates[0]!.certificateId).toBe(
        byName['a-twice.pem']!.certificates[0]!.certificateId,
      );
      // The renewal came first in the upload; the certificate it renews is still stored as superseded by it.
      const renewedId = byName['b-renewed.pem']!.certificates[0]!.certificateId as string;
      const oldId = byName['d-old.pem']!.certificates[0]!.certificateId as string;
      expect((await get(oldId)).body).toMatchObject({ state: 'superseded', supersededById: renewedId });
      expect((await get(renewedId)).body).toMatchObject({ state: 'active', supersededById: null });
      // Imported by the PEM, then found in the keystore of the same upload: its keystore is known and audited.
      const keystoreCertificateId = byName['e-in-keystore.pem']!.certificates[0]!.certificateId as string;
      const detail = (await get(keystoreCertificateId)).body;
      expect(detail.keystore).toMatchObject({
        id: byName['f-keystore.p12']!.keystoreId,
        fileName: 'f-keystore.p12',
      });
      expect(detail.audit.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['certificate.imported', 'certificate.keystore-recorded']),
      );
    });

    it('answers a single zip with its outcomes, even when all are refused, and a damaged zip as refused', async () => {
      const archive = await zip([{ name: 'note.txt', bytes: 'hello' }]);
      const before = await snapshot(t);
      const response = await upload(t, manager.token, [{ name: 'notes.zip', bytes: archive }], {
        organisationId: org.id,
      }).expect(200);
      expect(response.body.files).toEqual([
        expect.objectContaining({
          name: 'notes.zip/note.txt',
          outcome: 'refused',
          code: 'UNSUPPORTED_FORMAT',
        }),
      ]);
      const damaged = await upload(
        t,
        manager.token,
        [{ name: 'damaged.zip', bytes: archive.subarray(0, 30) }],
        {
          organisationId: org.id,
        },
      ).expect(200);
      expect(damaged.body.files).toEqual([
        expect.objectContaining({ name: 'damaged.zip', outcome: 'refused', code: 'UNREADABLE' }),
      ]);
      expect(await snapshot(t)).toEqual(before);
    });

    it('answers 413 to a zip bomb and writes nothing, not even the files before it', async () => {
      const good = await ehealth({ applicationId: 'BEFORE-BOMB' });
      const bomb = await zip([
        { name: 'a.pem', bytes: good.pem },
        { name: 'zeros-1.bin', bytes: Buffer.alloc(60 * 1024) },
        { name: 'zeros-2.bin', bytes: Buffer.alloc(60 * 1024) },
        { name: 'zeros-3.bin', bytes: Buffer.alloc(60 * 1024) },
        { name: 'zeros-4.bin', bytes: Buffer.alloc(60 * 1024) },
        { name: 'zeros-5.bin', bytes: Buffer.alloc(60 * 1024) },
      ]);
      expect(bomb.length).toBeLessThan(8 * 1024);
      const oneHuge = await zip([{ name: 'huge.pem', bytes: Buffer.alloc(1024 * 1024, 0x41) }]);
      const before = await snapshot(t);
      for (const archive of [bomb, oneHuge]) {
        const response = await upload(
          t,
          manager.token,
          [
            { name: 'first.pem', bytes: good.pem },
            { name: 'bomb.zip', bytes: archive },
          ],
          { organisationId: org.id },
        );
        expect(response.status).toBe(413);
        expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
      }
      expect(await snapshot(t)).toEqual(before);
    });

    it('refuses more files than UPLOAD_MAX_FILES, zip entries included, and writes nothing', async () => {
      const certificate = await ehealth({ applicationId: 'MANY' });
      const before = await snapshot(t);
      const entries = Array.from({ length: 9 }, (_, i) => ({ name: `c${i}.pem`, bytes: certificate.pem }));
      const zipped = await upload(t, manager.token, [{ name: 'many.zip', bytes: await zip(entries) }], {
        organisationId: org.id,
      });
      expect(zipped.status).toBe(413);
      const direct = await upload(t, manager.token, entries, { organisationId: org.id });
      expect(direct.status).toBe(413);
      expect(direct.body).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        message: 'an upload holds at most 8 files, zip entries included',
      });
      expect(await snapshot(t)).toEqual(before);
    });
  });

  describe('renewed certificates', () => {
    it('supersedes the active certificate it renews and links the open renewal case, audited in one go', async () => {
      const old = await ehealth({ applicationId: 'RENEWAL', expiresInDays: 30 });
      const first = await upload(t, manager.token, [{ name: 'old.pem', bytes: old.pem }], {
        organisationId: org.id,
      }).expect(200);
      const oldId = first.body.files[0].certificates[0].certificateId;
      const renewal = await t
        .http()
        .post(`/api/v1/certificates/${oldId}/renewals`)
        .set(bearer(manager.token))
        .send({ note: 'phase 1 sent' })
        .expect(201);
      // Same identifier and application ID, but another environment or application: not a renewal of it.
      const acceptance = await ehealth({
        applicationId: 'RENEWAL',
        environment: 'acceptance',
        expiresInDays: 900,
      });
      const otherApp = await ehealth({ applicationId: 'RENEWAL2', expiresInDays: 900 });
      await upload(
        t,
        manager.token,
        [
          { name: 'acc.pem', bytes: acceptance.pem },
          { name: 'other.pem', bytes: otherApp.pem },
        ],
        { organisationId: org.id },
      ).expect(200);
      expect((await get(oldId)).body.state).toBe('active');

      const renewed = await ehealth({ applicationId: 'RENEWAL', expiresInDays: 1100 });
      const second = await upload(t, manager.token, [{ name: 'new.pem', bytes: renewed.pem }], {
        organisationId: org.id,
      }).expect(200);
      const newId = second.body.files[0].certificates[0].certificateId;
      expect(second.body.files[0].certificates[0].supersedes).toEqual([oldId]);

      const oldDetail = (await get(oldId)).body;
      expect(oldDetail).toMatchObject({ state: 'superseded', supersededById: newId });
      expect(oldDetail.lifecycle.renewals).toEqual([
        expect.objectContaining({
          id: renewal.body.id,
          renewedCertificate: expect.objectContaining({ id: newId }),
        }),
      ]);
      expect(oldDetail.audit.map((e: { action: string }) => e.action).slice(0, 2)).toEqual([
        'renewal.renewed-certificate-linked',
        'certificate.superseded',
      ]);
      expect((await get(newId)).body).toMatchObject({ state: 'active', supersededById: null });

      // An older certificate imported after its renewal is stored as superseded by it.
      const older = await ehealth({ applicationId: 'RENEWAL', expiresInDays: -10 });
      const late = await upload(t, manager.token, [{ name: 'older.pem', bytes: older.pem }], {
        organisationId: org.id,
      }).expect(200);
      const lateId = late.body.files[0].certificates[0].certificateId;
      expect(late.body.files[0].certificates[0].supersededById).toBe(newId);
      expect((await get(lateId)).body).toMatchObject({
        state: 'superseded',
        supersededById: newId,
        status: 'expired',
      });
    });

    it('supersedes a certificate without application ID by its renewal without one, and only it', async () => {
      // Acceptance: the Java keystore fixture above holds a production certificate of this identifier.
      const nihii = {
        identifierType: 'NIHII-AMBU_SERVICE',
        identifierValue: '79609977',
        environment: 'acceptance' as const,
      };
      const old = await ehealth({ ...nihii, applicationId: null, expiresInDays: 20 });
      const withApplication = await ehealth({ ...nihii, applicationId: 'NIHII-APP', expiresInDays: 25 });
      const first = await upload(
        t,
        manager.token,
        [
          { name: 'old.pem', bytes: old.pem },
          { name: 'app.pem', bytes: withApplication.pem },
        ],
        { organisationId: org.id },
      ).expect(200);
      const [oldId, applicationId] = first.body.files.map(
        (f: { certificates: { certificateId: string }[] }) => f.certificates[0]!.certificateId,
      );

      const renewed = await ehealth({ ...nihii, applicationId: null, expiresInDays: 1000 });
      const second = await upload(t, manager.token, [{ name: 'renewed.pem', bytes: renewed.pem }], {
        organisationId: org.id,
      }).expect(200);
      const newId = second.body.files[0].certificates[0].certificateId;
      expect(second.body.files[0].certificates[0].supersedes).toEqual([oldId]);
      expect((await get(oldId)).body).toMatchObject({ state: 'superseded', supersededById: newId });
      expect((await get(applicationId)).body).toMatchObject({ state: 'active', supersededById: null });
    });
  });

  describe('the keystore password', () => {
    it('is never stored, logged or echoed, whatever happens to the import', async () => {
      const password = `Secret-${Math.random().toString(36).slice(2)}-9!`;
      const authentication = await ehealth({ applicationId: 'SECRET' });
      const keystore = await buildEhealthKeystore({ password, encryption: 'modern', authentication });
      const otherKeystore = await buildEhealthKeystore({
        password: KEYSTORE_PASSWORD,
        encryption: 'legacy',
        authentication: await ehealth({ applicationId: 'SECRET2' }),
      });
      const captured: string[] = [];
      const restore = captureOutput(captured);
      const bodies: string[] = [];
      try {
        for (const [files, expected] of [
          [[{ name: 'ks.p12', bytes: keystore }], 200],
          [[{ name: 'other.p12', bytes: otherKeystore }], 422],
          [
            [
              {
                name: 'both.zip',
                bytes: await zip([
                  { name: 'a.p12', bytes: keystore },
                  { name: 'b.p12', bytes: otherKeystore },
                ]),
              },
            ],
            200,
          ],
          [[{ name: 'x.pem', bytes: 'garbage' }], 422],
        ] as const) {
          const response = await upload(t, manager.token, [...files], { organisationId: org.id, password });
          expect(response.status).toBe(expected);
          bodies.push(response.text);
        }
        const badField = await upload(t, manager.token, [{ name: 'ks.p12', bytes: keystore }], {
          organisationId: org.id,
          password: password.repeat(200),
        });
        expect(badField.status).toBe(400);
        bodies.push(badField.text);
      } finally {
        restore();
      }
      const id = JSON.parse(bodies[0]!).files[0].certificates[0].certificateId;
      bodies.push((await get(id)).text);
      for (const body of bodies) expect(body).not.toContain(password);
      expect(captured.join('\n')).not.toContain(password);
      const dump = await databaseDump(t);
      expect(dump).not.toContain(password);
      expect(dump).not.toContain(Buffer.from(password).toString('hex'));
    });
  });
});

function pemOf(der: Uint8Array): string {
  const base64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
}

/** Everything written to stdout, stderr and the console while it runs. */
function captureOutput(into: string[]): () => void {
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  const record = (chunk: unknown) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  process.stdout.write = record as typeof process.stdout.write;
  process.stderr.write = record as typeof process.stderr.write;
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = consoleMethods.map((m) => console[m]);
  for (const m of consoleMethods)
    console[m] = (...args: unknown[]) => void into.push(args.map(String).join(' '));
  return () => {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
    consoleMethods.forEach((m, i) => (console[m] = originals[i]!));
  };
}

/** Every row of every table of the database, as text. */
async function databaseDump(t: TestApp): Promise<string> {
  const db = t.app.get(DataSource);
  const tables: { table_name: string }[] = await db.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows: { row: string }[] = await db.query(`SELECT t::text AS row FROM "${table_name}" t`);
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join('\n');
}
