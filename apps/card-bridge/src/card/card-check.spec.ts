// What "check my card" says about what the middleware and the card reported: pure, on hand-made readings. The same
// checks on real SoftHSM2 tokens through the bridge command are in test/card-check.test.ts.
import { describe, expect, it } from '@jest/globals';
import type { CardCertificateDto, CardObjectLabel } from '@certdesk/contracts';
import { judgeCardCheck } from './card-check.js';
import type { CardCheckReading } from './eid-card.js';

const NOW = new Date('2026-12-03T12:00:00Z');
const MODULE_INFO = {
  manufacturerID: 'Belgium Government ',
  libraryDescription: 'Belgium eID PKCS#11 interface v2 ',
  flags: 0,
  cryptokiVersion: { major: 2, minor: 40 },
  libraryVersion: { major: 5, minor: 1 },
};
const READER = { slotId: '00', description: 'ACS ACR38U', manufacturer: 'ACS', cardPresent: true };

function certificate(
  label: CardObjectLabel,
  notBefore: string,
  notAfter: string,
  keyAlgorithm = 'RSA-2048',
): CardCertificateDto {
  return {
    label,
    subject: `CN=An Smet (${label})`,
    notBefore,
    notAfter,
    keyAlgorithm,
  } as CardCertificateDto;
}

function reading(
  overrides: { signatureNotAfter?: string; keyType?: 'RSA' | 'EC' | null; keyAlgorithm?: string } = {},
  pin: 'usable' | 'blocked' | 'few-left' | 'last-try' | 'unknown' = 'unknown',
): CardCheckReading {
  const algorithm = overrides.keyAlgorithm ?? 'RSA-2048';
  return {
    moduleInfo: MODULE_INFO,
    readers: [READER],
    card: {
      card: {
        slotId: '00',
        tokenLabel: 'BELPIC',
        tokenSerialNumber: '0123',
        protectedAuthenticationPath: false,
        pinTries: 'unknown',
        holder: { givenName: 'An', surname: 'Smet', name: 'An Smet', ssin: '01050399864' },
        certificates: {
          authentication: certificate(
            'Authentication',
            '2021-01-01T00:00:00Z',
            '2031-01-01T00:00:00Z',
            algorithm,
          ),
          signature: certificate(
            'Signature',
            '2021-01-01T00:00:00Z',
            overrides.signatureNotAfter ?? '2031-01-01T00:00:00Z',
            algorithm,
          ),
          ca: certificate('CA', '2020-01-01T00:00:00Z', '2035-01-01T00:00:00Z'),
          root: null,
        },
      },
      pin,
      signatureKeyType: overrides.keyType === undefined ? 'RSA' : overrides.keyType,
    },
  };
}

const judge = (r: CardCheckReading, mustStayValidUntil: Date | null = null) =>
  judgeCardCheck(r, {
    modulePath: '/usr/lib/libbeidpkcs11.so.0',
    moduleFound: true,
    now: NOW,
    mustStayValidUntil,
  });

describe('judgeCardCheck', () => {
  it('an RSA card with valid certificates is ready; the middleware version is reported, not judged', () => {
    const check = judge(reading());
    expect(check).toMatchObject({
      ready: true,
      tokenPresent: true,
      middleware: { manufacturer: 'Belgium Government', libraryVersion: '5.1', cryptokiVersion: '2.40' },
      card: { appletKeyType: 'RSA', appletKeyTypeSource: 'signature-key' },
    });
    expect(check.problems.map((p) => [p.code, p.severity])).toEqual([
      ['MIDDLEWARE_VERSION_NOT_CHECKED', 'note'],
    ]);
    expect(check.problems[0]!.message).toMatch(/version 5\.1.*not known to Certdesk/);
    expect(check.card!.certificates.map((c) => [c.label, c.validToday, c.validUntilRequired])).toEqual([
      ['Authentication', true, null],
      ['Signature', true, null],
      ['CA', true, null],
    ]);
  });

  it('an EC card whose key object is hidden: the type from the Signature certificate, and what is not known', () => {
    const check = judge(reading({ keyType: null, keyAlgorithm: 'EC-P384' }));
    expect(check.card).toMatchObject({ appletKeyType: 'EC', appletKeyTypeSource: 'signature-certificate' });
    expect(check.ready).toBe(true);
    const ec = check.problems.find((p) => p.code === 'EC_CARD_TOOL_SUPPORT_NOT_KNOWN')!;
    expect(ec.severity).toBe('note');
    expect(ec.message).toMatch(/not known to Certdesk/);
  });

  it('an expired Signature certificate blocks, first, with its date', () => {
    const check = judge(reading({ signatureNotAfter: '2026-11-02T23:59:59Z' }));
    expect(check.ready).toBe(false);
    expect(check.problems[0]).toEqual({
      code: 'CERTIFICATE_EXPIRED',
      severity: 'blocking',
      certificate: 'Signature',
      date: '2026-11-02T23:59:59Z',
      message: expect.stringMatching(/^The card's Signature certificate expired on 2026-11-02: the eHealth/),
    });
    expect(check.card!.certificates[1]).toMatchObject({ validToday: false });
  });

  it('a certificate that ends inside the renewal window is a warning, naming both days', () => {
    const check = judge(
      reading({ signatureNotAfter: '2027-01-15T00:00:00Z' }),
      new Date('2027-03-01T00:00:00Z'),
    );
    expect(check.ready).toBe(true);
    expect(check.problems[0]).toMatchObject({
      code: 'CERTIFICATE_EXPIRES_TOO_SOON',
      severity: 'warning',
      certificate: 'Signature',
      message: expect.stringMatching(/expires on 2027-01-15, before 2027-03-01/),
    });
    expect(check.card!.certificates.map((c) => c.validUntilRequired)).toEqual([true, false, true]);
    expect(check.mustStayValidUntil).toBe('2027-03-01T00:00:00.000Z');
  });

  it('a blocked PIN blocks; few tries left warns', () => {
    expect(judge(reading({}, 'blocked')).problems[0]).toMatchObject({
      code: 'PIN_BLOCKED',
      severity: 'blocking',
    });
    expect(judge(reading({}, 'few-left')).problems[0]).toMatchObject({
      code: 'PIN_FEW_TRIES_LEFT',
      severity: 'warning',
    });
  });

  it.each([
    ['no middleware', { moduleInfo: null, readers: [], card: null }, 'MIDDLEWARE_UNAVAILABLE'],
    ['no reader', { moduleInfo: MODULE_INFO, readers: [], card: null }, 'NO_READER'],
    [
      'no card',
      { moduleInfo: MODULE_INFO, readers: [{ ...READER, cardPresent: false }], card: null },
      'NO_CARD',
    ],
  ] as [string, CardCheckReading, string][])('%s: one blocking problem, no card', (_what, r, code) => {
    const check = judge(r);
    expect(check).toMatchObject({ ready: false, tokenPresent: false, card: null });
    expect(check.problems[0]).toMatchObject({ code, severity: 'blocking' });
  });
});
