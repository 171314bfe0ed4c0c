import { describe, expect, it } from '@jest/globals';
import { describeCertificate, type CertificateFacts } from './certificate-description.js';
import { parseDistinguishedName } from './ehealth/distinguished-name.js';

const ZETES_PRODUCTION = parseDistinguishedName(
  'CN=ZetesConfidens Private Trust PKI - eHealth issuing CA 001, SERIALNUMBER=001, O=ZETES SA, C=BE',
);

function vitalink(overrides: Partial<CertificateFacts> = {}): CertificateFacts {
  return {
    subject: parseDistinguishedName(
      'CN="EHP=1990001916, VITALINKGATEWAY", OU=eHealth-platform Belgium, OU=VLAAMS AGENTSCHAP ZORG EN GEZONDHEID, OU="EHP=1990001916", OU=VITALINKGATEWAY, O=Federal Government, C=BE',
    ),
    issuer: ZETES_PRODUCTION,
    serialNumber: '0A:1B:2C:3D',
    sha256Fingerprint: 'AB CD EF 01',
    notBefore: new Date('2023-01-18T10:00:00Z'),
    notAfter: new Date('2026-01-18T10:00:00Z'),
    keyAlgorithm: 'RSA-2048',
    hasPrivateKey: true,
    alias: 'authentication',
    ...overrides,
  };
}

describe('describeCertificate', () => {
  it('describes an eHealth certificate with the fields of `certdesk inspect --json`, in order', () => {
    const description = describeCertificate(vitalink(), { now: new Date('2025-12-19T09:00:00Z') });
    expect(description).toEqual({
      subject:
        'CN=EHP=1990001916\\, VITALINKGATEWAY,OU=eHealth-platform Belgium,OU=VLAAMS AGENTSCHAP ZORG EN GEZONDHEID,OU=EHP=1990001916,OU=VITALINKGATEWAY,O=Federal Government,C=BE',
      issuer: 'CN=ZetesConfidens Private Trust PKI - eHealth issuing CA 001,SERIALNUMBER=001,O=ZETES SA,C=BE',
      serialNumber: '0a1b2c3d',
      sha256Fingerprint: 'abcdef01',
      notBefore: '2023-01-18T10:00:00.000Z',
      notAfter: '2026-01-18T10:00:00.000Z',
      keyAlgorithm: 'RSA-2048',
      hasPrivateKey: true,
      alias: 'authentication',
      status: 'renewable',
      daysLeft: 30,
      ehealth: {
        identifierType: 'EHP',
        identifierValue: '1990001916',
        applicationId: 'VITALINKGATEWAY',
        holderName: 'VLAAMS AGENTSCHAP ZORG EN GEZONDHEID',
        environment: 'production',
        knownType: true,
        checkDigitsValid: null,
      },
    });
    expect(Object.keys(description)).toEqual([
      'subject',
      'issuer',
      'serialNumber',
      'sha256Fingerprint',
      'notBefore',
      'notAfter',
      'keyAlgorithm',
      'hasPrivateKey',
      'alias',
      'status',
      'daysLeft',
      'ehealth',
    ]);
    expect(Object.keys(description.ehealth ?? {})).toEqual([
      'identifierType',
      'identifierValue',
      'applicationId',
      'holderName',
      'environment',
      'knownType',
      'checkDigitsValid',
    ]);
  });

  it('survives JSON unchanged (what the CLI prints and the api answers)', () => {
    const description = describeCertificate(vitalink(), { now: new Date('2025-12-19T09:00:00Z') });
    expect(JSON.parse(JSON.stringify(description))).toEqual(description);
  });

  it('has no eHealth part for an eID certificate', () => {
    const eid = vitalink({
      subject: parseDistinguishedName(
        'SERIALNUMBER=01050399864, GIVENNAME=Jan, SURNAME=Peeters, CN=Jan Peeters (Authentication), C=BE',
      ),
      issuer: parseDistinguishedName('CN=Citizen CA, SERIALNUMBER=202301, C=BE'),
      alias: null,
      hasPrivateKey: false,
    });
    expect(describeCertificate(eid, { now: new Date('2024-01-01T00:00:00Z') })).toMatchObject({
      ehealth: null,
      status: 'valid',
      alias: null,
    });
  });

  it('reads the environment from the issuer, with the configured table when given', () => {
    const acceptance = vitalink({
      issuer: parseDistinguishedName('CN=TEST-ZetesConfidens-eHealth acceptance test-issuing CA 001'),
    });
    const older = vitalink({ issuer: parseDistinguishedName('CN=eHealth CA, C=BE') });
    const now = new Date('2024-01-01T00:00:00Z');
    expect(describeCertificate(acceptance, { now }).ehealth?.environment).toBe('acceptance');
    expect(describeCertificate(older, { now }).ehealth?.environment).toBe('unknown');
    expect(
      describeCertificate(older, {
        now,
        issuerEnvironments: [{ issuerCommonName: 'eHealth CA', environment: 'production' }],
      }).ehealth?.environment,
    ).toBe('production');
  });

  it.each([
    ['2022-12-31T00:00:00Z', 'not-yet-valid'],
    ['2024-06-01T00:00:00Z', 'valid'],
    ['2026-01-18T10:00:00Z', 'renewable'],
    ['2026-01-18T10:00:01Z', 'expired'],
  ])('status at %s is %s, with the same daysLeft rule', (now, status) => {
    const description = describeCertificate(vitalink(), { now: new Date(now) });
    expect(description.status).toBe(status);
    expect(description.daysLeft < 0).toBe(status === 'expired');
  });
});
