// The bridge's request checks, by hand since issue 12 (zod cost ~14 MB of its memory): every body below is refused or
// accepted exactly as the zod schemas refused or accepted it, with the same message and field (ZOD_ANSWERS, recorded
// from the zod version of requests.ts on these bodies), and what is accepted comes back as it was sent, the
// description trimmed.
import { describe, expect, it } from '@jest/globals';
import { CardBridgeError } from '../errors.js';
import * as requests from './requests.js';

type Parser = keyof typeof requests;

const b64 = (n: number) => Buffer.alloc(n, 7).toString('base64');
const b64url = (n: number) => Buffer.alloc(n, 0xfb).toString('base64url');
const sign = (fields: Record<string, unknown>) => ({
  digestAlgorithm: 'SHA-256',
  digest: b64(32),
  description: 'x',
  ...fields,
});
/** Each parser's bodies: what the dashboard sends, and every way the tests and a hostile page get them wrong. */
const BODIES: [Parser, unknown[]][] = [
  [
    'parsePairRequest',
    [
      { code: '1234 5678' },
      {},
      { code: '' },
      { code: 'x'.repeat(33) },
      { code: 5 },
      { code: '1', pin: '1' },
      { code: '1', password: 'x' },
      { code: '1', extra: 1, other: 2 },
      null,
      [1],
      'text',
      3,
      { code: null },
      { code: 'x'.repeat(33), pin: '1' },
      { code: 5, pin: '1' },
      { code: '1', toString: 'x' },
    ],
  ],
  [
    'parseAuthenticateRequest',
    [
      { nonce: b64(32) },
      { nonce: b64url(32) },
      { nonce: b64(16) },
      { nonce: b64(32), pin: '1234' },
      { nonce: 'not base64!' },
      { nonce: 'A'.repeat(300) },
      {},
      { nonce: 3 },
      { nonce: b64(31) },
      { nonce: `${b64(32)}=` },
      { nonce: '' },
      { nonce: 'short', pin: '1' },
      { nonce: 'x'.repeat(300), pin: 1 },
    ],
  ],
  [
    'parseSignRequest',
    [
      sign({}),
      sign({ digestAlgorithm: 'SHA-384', digest: b64(48), description: ' Handover of 3 certificates ' }),
      sign({ digestAlgorithm: 'SHA-384' }),
      sign({ description: ' ' }),
      sign({ digestAlgorithm: 'MD5' }),
      sign({ digestAlgorithm: undefined }),
      sign({ digest: 'abc$' }),
      sign({ digest: 'A'.repeat(129) }),
      sign({ description: 'a\nb' }),
      sign({ description: 'x'.repeat(501) }),
      sign({ description: ` ${'x'.repeat(500)} ` }),
      sign({ pin: '1' }),
      sign({ description: undefined }),
      sign({ description: 5 }),
      sign({ digestAlgorithm: 'SHA-384', description: ' ' }),
      sign({ description: 'tab\there' }),
      sign({ description: 'del\u007f' }),
      sign({ description: 'c1\u0085' }),
      sign({ description: 'ok \u00e9\u2028' }),
      sign({ digestAlgorithm: 'SHA-384', extra: 1 }),
      sign({ digest: b64(32).replace(/=+$/, '') }),
      sign({ digest: b64url(32) }),
      sign({ digest: 'AAAA' }),
      sign({ digestAlgorithm: 5, digest: 5, description: 5 }),
      [],
    ],
  ],
  [
    'parseInspectRequest',
    [
      { fileName: 'a.p12', password: 'x' },
      { fileName: '../a.p12', password: 'x' },
      { fileName: 'a/b', password: 'x' },
      { fileName: '.', password: 'x' },
      { fileName: '..', password: 'x' },
      { fileName: 'a\\b', password: 'x' },
      { fileName: 'a\u0000b', password: 'x' },
      { fileName: '', password: 'x' },
      { fileName: 'x'.repeat(256), password: 'x' },
      { fileName: 'a.p12' },
      { fileName: 'a.p12', password: 'x'.repeat(1025) },
      { fileName: 'a.p12', password: 'x', pin: '1' },
      { password: 'x' },
    ],
  ],
  [
    'parseReportRequest',
    [
      { fileName: 'a.p12', password: 'x', apiToken: 't' },
      { fileName: 'a.p12', password: 'x', apiToken: '' },
      { fileName: 'a.p12', password: 'x' },
      { fileName: 'a.p12', password: 'x', apiToken: 'x'.repeat(4097) },
      { fileName: '../a', password: 'x', apiToken: 't' },
    ],
  ],
  [
    'parseKeystoreCheckRequest',
    [
      { fileName: 'a.p12' },
      { path: '/tmp/x.p12' },
      { path: '/tmp/x.PFX' },
      { fileName: 'a.p12', password: 'x' },
      { fileName: 'a.p12', path: '/tmp/x.p12' },
      { path: 'keystore/x.p12' },
      { path: '/etc/passwd' },
      { fileName: '../elsewhere.p12' },
      { path: '/tmp/a\u0000b.p12' },
      { path: `/${'a'.repeat(5000)}.p12` },
      { path: { path: '/tmp/x.p12' } },
      [{ fileName: 'a.p12' }],
      {},
      null,
      { fileName: 'a.p12', pin: '1' },
      { path: '/tmp/x.p12', password: 'x' },
      { fileName: '' },
      { path: '' },
      { fileName: 5 },
      { path: 'C:\\keys\\x.p12' },
      { fileName: 'a.p12', other: 1 },
      { path: 'rel\u0001.p12' },
      { path: '/tmp/x.p12', pin: '1' },
      'x',
      { path: 'keystore/x.p12', pin: '1' },
      { fileName: '../x', pin: '1' },
      { fileName: 5, password: 'x' },
      { fileName: 'a', path: '/x.p12', pin: '1' },
      { path: '/tmp/x.p12', other: 1 },
      { path: 'rel.p12', other: 1 },
      { other: 1 },
      { pin: 1 },
      { fileName: 'a', path: 5 },
      { path: '/x.p12', fileName: '../a' },
      { path: 5 },
      { fileName: null, path: null },
    ],
  ],
  [
    'parseCardCheckRequest',
    [
      {},
      { mustStayValidUntil: '2027-01-01' },
      { mustStayValidUntil: '2027-01-01T10:00Z' },
      { mustStayValidUntil: '2027-01-01T10:00:00.123+02:00' },
      { pin: '1234' },
      { mustStayValidUntil: '2027-02-30T00:00:00Z' },
      { mustStayValidUntil: 'next spring' },
      { mustStayValidUntil: '2027-01-01\u0000' },
      { mustStayValidUntil: '2'.repeat(10_000) },
      { mustStayValidUntil: { date: '2027-01-01' } },
      { mustStayValidUntil: null },
      { mustStayValidUntil: '2027-13-01' },
      { mustStayValidUntil: '2027-01-01T25:00Z' },
      { mustStayValidUntil: '2028-02-29' },
      { mustStayValidUntil: '2027-02-29' },
      { other: 1 },
      [],
      null,
      { mustStayValidUntil: 20270101 },
    ],
  ],
];

/** Per parser, per body: 'ok', or the message and the field the zod schemas answered. */
const ZOD_ANSWERS: Record<Parser, ('ok' | [string] | [string, string])[]> = {
  parsePairRequest: [
    'ok',
    ['code Invalid input: expected string, received undefined', 'code'],
    ['code Too small: expected string to have >=1 characters', 'code'],
    ['code Too big: expected string to have <=32 characters', 'code'],
    ['code Invalid input: expected string, received number', 'code'],
    ['The bridge never takes a PIN over HTTP: the card holder types it on this PC.'],
    ['The bridge never takes a keystore password over HTTP: the person at this PC types it there.'],
    ['Unrecognized keys: "extra", "other"'],
    ['Invalid input: expected object, received null'],
    ['Invalid input: expected object, received array'],
    ['Invalid input: expected object, received string'],
    ['Invalid input: expected object, received number'],
    ['code Invalid input: expected string, received null', 'code'],
    ['code Too big: expected string to have <=32 characters', 'code'],
    ['code Invalid input: expected string, received number', 'code'],
    ['Unrecognized key: "toString"'],
  ],
  parseAuthenticateRequest: [
    'ok',
    'ok',
    ['nonce must hold at least 32 random bytes', 'nonce'],
    ['The bridge never takes a PIN over HTTP: the card holder types it on this PC.'],
    ['nonce must be base64', 'nonce'],
    ['nonce Too big: expected string to have <=256 characters', 'nonce'],
    ['nonce Invalid input: expected string, received undefined', 'nonce'],
    ['nonce Invalid input: expected string, received number', 'nonce'],
    ['nonce must hold at least 32 random bytes', 'nonce'],
    'ok',
    ['nonce must hold at least 32 random bytes', 'nonce'],
    ['nonce must hold at least 32 random bytes', 'nonce'],
    ['nonce Too big: expected string to have <=256 characters', 'nonce'],
  ],
  parseSignRequest: [
    'ok',
    'ok',
    ['digest has the wrong length for its digest algorithm', 'digest'],
    ['description Too small: expected string to have >=1 characters', 'description'],
    ['digestAlgorithm Invalid option: expected one of "SHA-256"|"SHA-384"', 'digestAlgorithm'],
    ['digestAlgorithm Invalid option: expected one of "SHA-256"|"SHA-384"', 'digestAlgorithm'],
    ['digest must be base64', 'digest'],
    ['digest Too big: expected string to have <=128 characters', 'digest'],
    ['description must be one line of printable text', 'description'],
    ['description Too big: expected string to have <=500 characters', 'description'],
    'ok',
    ['The bridge never takes a PIN over HTTP: the card holder types it on this PC.'],
    ['description Invalid input: expected string, received undefined', 'description'],
    ['description Invalid input: expected string, received number', 'description'],
    ['description Too small: expected string to have >=1 characters', 'description'],
    ['description must be one line of printable text', 'description'],
    ['description must be one line of printable text', 'description'],
    ['description must be one line of printable text', 'description'],
    'ok',
    ['Unrecognized key: "extra"'],
    'ok',
    ['digest must be base64', 'digest'],
    ['digest has the wrong length for its digest algorithm', 'digest'],
    ['digestAlgorithm Invalid option: expected one of "SHA-256"|"SHA-384"', 'digestAlgorithm'],
    ['Invalid input: expected object, received array'],
  ],
  parseInspectRequest: [
    'ok',
    ['fileName must be a file name, not a path', 'fileName'],
    ['fileName must be a file name, not a path', 'fileName'],
    ['fileName must be a file name, not a path', 'fileName'],
    ['fileName must be a file name, not a path', 'fileName'],
    ['fileName must be a file name, not a path', 'fileName'],
    ['fileName must be a file name, not a path', 'fileName'],
    ['fileName Too small: expected string to have >=1 characters', 'fileName'],
    ['fileName Too big: expected string to have <=255 characters', 'fileName'],
    ['password Invalid input: expected string, received undefined', 'password'],
    ['password Too big: expected string to have <=1024 characters', 'password'],
    ['The bridge never takes a PIN over HTTP: the card holder types it on this PC.'],
    ['fileName Invalid input: expected string, received undefined', 'fileName'],
  ],
  parseReportRequest: [
    'ok',
    ['apiToken Too small: expected string to have >=1 characters', 'apiToken'],
    ['apiToken Invalid input: expected string, received undefined', 'apiToken'],
    ['apiToken Too big: expected string to have <=4096 characters', 'apiToken'],
    ['fileName must be a file name, not a path', 'fileName'],
  ],
  parseKeystoreCheckRequest: [
    'ok',
    'ok',
    'ok',
    ['The bridge never takes a keystore password over HTTP: the person at this PC types it there.'],
    ['Unrecognized key: "path"'],
    ['path must be an absolute path on this PC', 'path'],
    ['path must name a keystore file (.p12 or .pfx)', 'path'],
    ['fileName must be a file name, not a path', 'fileName'],
    ['path must be a path without control characters', 'path'],
    ['path Too big: expected string to have <=4096 characters', 'path'],
    ['path Invalid input: expected string, received object', 'path'],
    ['Invalid input: expected object, received array'],
    ['fileName Invalid input: expected string, received undefined', 'fileName'],
    ['Invalid input: expected object, received null'],
    ['The bridge never takes a PIN over HTTP: the card holder types it on this PC.'],
    ['The bridge never takes a keystore password over HTTP: the person at this PC types it there.'],
    ['fileName Too small: expected string to have >=1 characters', 'fileName'],
    ['path Too small: expected string to have >=1 characters', 'path'],
    ['fileName Invalid input: expected string, received number', 'fileName'],
    ['path must be an absolute path on this PC', 'path'],
    ['Unrecognized key: "other"'],
    ['path must be a path without control characters', 'path'],
    ['The bridge never takes a PIN over HTTP: the card holder types it on this PC.'],
    ['Invalid input: expected object, received string'],
    ['path must be an absolute path on this PC', 'path'],
    ['fileName must be a file name, not a path', 'fileName'],
    ['fileName Invalid input: expected string, received number', 'fileName'],
    ['The bridge never takes a PIN over HTTP: the card holder types it on this PC.'],
    ['Unrecognized key: "other"'],
    ['path must be an absolute path on this PC', 'path'],
    ['fileName Invalid input: expected string, received undefined', 'fileName'],
    ['fileName Invalid input: expected string, received undefined', 'fileName'],
    ['Unrecognized key: "path"'],
    ['fileName must be a file name, not a path', 'fileName'],
    ['path Invalid input: expected string, received number', 'path'],
    ['fileName Invalid input: expected string, received null', 'fileName'],
  ],
  parseCardCheckRequest: [
    'ok',
    'ok',
    'ok',
    'ok',
    ['The bridge never takes a PIN over HTTP: the card holder types it on this PC.'],
    ['mustStayValidUntil must be a real date', 'mustStayValidUntil'],
    ['mustStayValidUntil must be an ISO 8601 date', 'mustStayValidUntil'],
    ['mustStayValidUntil must be an ISO 8601 date', 'mustStayValidUntil'],
    ['mustStayValidUntil Too big: expected string to have <=40 characters', 'mustStayValidUntil'],
    ['mustStayValidUntil Invalid input: expected string, received object', 'mustStayValidUntil'],
    ['mustStayValidUntil Invalid input: expected string, received null', 'mustStayValidUntil'],
    ['mustStayValidUntil must be a real date', 'mustStayValidUntil'],
    ['mustStayValidUntil must be a real date', 'mustStayValidUntil'],
    'ok',
    ['mustStayValidUntil must be a real date', 'mustStayValidUntil'],
    ['Unrecognized key: "other"'],
    ['Invalid input: expected object, received array'],
    ['Invalid input: expected object, received null'],
    ['mustStayValidUntil Invalid input: expected string, received number', 'mustStayValidUntil'],
  ],
};

function answerOf(parser: Parser, body: unknown): { ok: unknown } | { refused: [string] | [string, string] } {
  try {
    return { ok: requests[parser](body) };
  } catch (error) {
    if (!(error instanceof CardBridgeError)) throw error;
    const { code, message, details } = error.toDto().error;
    expect(code).toBe('BAD_REQUEST');
    return { refused: details?.field ? [message, details.field as string] : [message] };
  }
}

describe('the request checks', () => {
  it.each(BODIES)('%s refuses and accepts what zod did, with its messages', (parser, bodies) => {
    const answers = bodies.map((body) => {
      const answer = answerOf(parser, body);
      return 'ok' in answer ? 'ok' : answer.refused;
    });
    expect(answers).toEqual(ZOD_ANSWERS[parser]);
  });

  it('gives back what it accepts, the description trimmed, and nothing it was not given', () => {
    const digest = Buffer.alloc(32, 7).toString('base64');
    expect(
      requests.parseSignRequest({ digestAlgorithm: 'SHA-256', digest, description: '  Handover \u00e9 ' }),
    ).toEqual({
      digestAlgorithm: 'SHA-256',
      digest,
      description: 'Handover \u00e9',
    });
    expect(requests.parseCardCheckRequest({})).toEqual({});
    expect(Object.keys(requests.parseCardCheckRequest({}))).toEqual([]);
    expect(requests.parseKeystoreCheckRequest({ path: '/tmp/x.pfx' })).toEqual({ path: '/tmp/x.pfx' });
  });

  it('refuses an inherited name as a field: only the fields written are known', () => {
    expect(answerOf('parsePairRequest', JSON.parse('{"code":"1","__proto__":{"pin":"1"}}'))).toEqual({
      refused: ['Unrecognized key: "__proto__"'],
    });
  });
});
