import { describe, expect, it } from '@jest/globals';
import {
  DistinguishedNameSyntaxError,
  dnValues,
  formatDistinguishedName,
  normalizeDnAttributeType,
  parseDistinguishedName,
  type DistinguishedName,
} from './distinguished-name.js';

/** The real certificate subject of DOMAIN.md, as .NET/Java print it. */
const VITALINK =
  'CN="EHP=1990001916, VITALINKGATEWAY", OU=eHealth-platform Belgium, OU=VLAAMS AGENTSCHAP ZORG EN GEZONDHEID, OU="EHP=1990001916", OU=VITALINKGATEWAY, O=Federal Government, C=BE';
const VITALINK_DN: DistinguishedName = [
  { type: 'CN', value: 'EHP=1990001916, VITALINKGATEWAY' },
  { type: 'OU', value: 'eHealth-platform Belgium' },
  { type: 'OU', value: 'VLAAMS AGENTSCHAP ZORG EN GEZONDHEID' },
  { type: 'OU', value: 'EHP=1990001916' },
  { type: 'OU', value: 'VITALINKGATEWAY' },
  { type: 'O', value: 'Federal Government' },
  { type: 'C', value: 'BE' },
];
const VITALINK_RFC4514 =
  'CN=EHP=1990001916\\, VITALINKGATEWAY,OU=eHealth-platform Belgium,OU=VLAAMS AGENTSCHAP ZORG EN GEZONDHEID,OU=EHP=1990001916,OU=VITALINKGATEWAY,O=Federal Government,C=BE';

describe('parseDistinguishedName', () => {
  it('reads the quoted .NET/Java form of a real eHealth subject', () => {
    expect(parseDistinguishedName(VITALINK)).toEqual(VITALINK_DN);
  });

  it('reads the same subject in strict RFC 4514', () => {
    expect(parseDistinguishedName(VITALINK_RFC4514)).toEqual(VITALINK_DN);
  });

  it('reads the subject of the eHealth reminder e-mail (seed 004): no spaces after commas', () => {
    expect(
      parseDistinguishedName(
        'CN=NIHII-AMBU_SERVICE=79609977,OU=eHealth-platform Belgium,OU=SPF SPSCAE SERVICE AIDE URGENTE,OU=NIHII-AMBU_SERVICE=79609977,O=Federal Government,C=BE',
      ),
    ).toEqual([
      { type: 'CN', value: 'NIHII-AMBU_SERVICE=79609977' },
      { type: 'OU', value: 'eHealth-platform Belgium' },
      { type: 'OU', value: 'SPF SPSCAE SERVICE AIDE URGENTE' },
      { type: 'OU', value: 'NIHII-AMBU_SERVICE=79609977' },
      { type: 'O', value: 'Federal Government' },
      { type: 'C', value: 'BE' },
    ]);
  });

  it('reads an eID authentication subject, with the aliases GN and SN', () => {
    expect(
      parseDistinguishedName(
        'serialNumber=01050399864, GN=Jan Maria, SN=Peeters, CN=Jan Peeters (Authentication), C=BE',
      ),
    ).toEqual([
      { type: 'SERIALNUMBER', value: '01050399864' },
      { type: 'GIVENNAME', value: 'Jan Maria' },
      { type: 'SURNAME', value: 'Peeters' },
      { type: 'CN', value: 'Jan Peeters (Authentication)' },
      { type: 'C', value: 'BE' },
    ]);
  });

  it('reads the production issuer', () => {
    expect(
      parseDistinguishedName(
        'CN=ZetesConfidens Private Trust PKI - eHealth issuing CA 001, SERIALNUMBER=001, O=ZETES SA, C=BE',
      ),
    ).toEqual([
      { type: 'CN', value: 'ZetesConfidens Private Trust PKI - eHealth issuing CA 001' },
      { type: 'SERIALNUMBER', value: '001' },
      { type: 'O', value: 'ZETES SA' },
      { type: 'C', value: 'BE' },
    ]);
  });

  it.each<[string, string, DistinguishedName]>([
    ['empty DN', '', []],
    ['spaces only', '   ', []],
    ['one attribute', 'CN=x', [{ type: 'CN', value: 'x' }]],
    [
      'lower-case types',
      'cn=a,ou=b',
      [
        { type: 'CN', value: 'a' },
        { type: 'OU', value: 'b' },
      ],
    ],
    [
      'semicolon separator (RFC 1779)',
      'CN=a;O=b',
      [
        { type: 'CN', value: 'a' },
        { type: 'O', value: 'b' },
      ],
    ],
    [
      'spaces around = and separators',
      ' CN = a , O = b ',
      [
        { type: 'CN', value: 'a' },
        { type: 'O', value: 'b' },
      ],
    ],
    ['inner spaces kept', 'O=Federal  Government', [{ type: 'O', value: 'Federal  Government' }]],
    ['escaped comma', 'CN=a\\,b', [{ type: 'CN', value: 'a,b' }]],
    ['escaped specials', 'CN=\\"\\+\\;\\<\\>\\\\\\=', [{ type: 'CN', value: '"+;<>\\=' }]],
    [
      'escaped leading space and #',
      'CN=\\ a,O=\\#b',
      [
        { type: 'CN', value: ' a' },
        { type: 'O', value: '#b' },
      ],
    ],
    [
      'escaped trailing space',
      'CN=a\\ ,O=b',
      [
        { type: 'CN', value: 'a ' },
        { type: 'O', value: 'b' },
      ],
    ],
    ['hex escapes of UTF-8', 'CN=H\\C3\\B4pital', [{ type: 'CN', value: 'Hôpital' }]],
    ['hex escape of a comma', 'CN=a\\2Cb', [{ type: 'CN', value: 'a,b' }]],
    ['raw UTF-8', 'O=Hôpital Érasme', [{ type: 'O', value: 'Hôpital Érasme' }]],
    ['quoted value with escaped quote', 'CN="say \\"hi\\", ok"', [{ type: 'CN', value: 'say "hi", ok' }]],
    ['quoted value with spaces kept', 'CN=" a "', [{ type: 'CN', value: ' a ' }]],
    ['quoted empty value', 'CN=""', [{ type: 'CN', value: '' }]],
    [
      'empty value',
      'CN=,O=b',
      [
        { type: 'CN', value: '' },
        { type: 'O', value: 'b' },
      ],
    ],
    [
      'unescaped = and # inside a value',
      'OU=EHP=1990001916,OU=a#b',
      [
        { type: 'OU', value: 'EHP=1990001916' },
        { type: 'OU', value: 'a#b' },
      ],
    ],
    [
      'OID types',
      '2.5.4.3=a,2.5.4.11=b,1.2.3.4=c',
      [
        { type: 'CN', value: 'a' },
        { type: 'OU', value: 'b' },
        { type: '1.2.3.4', value: 'c' },
      ],
    ],
    ['OID. prefix', 'OID.2.5.4.5=001', [{ type: 'SERIALNUMBER', value: '001' }]],
    [
      'aliases E, T, G',
      'E=a@b.be,T=Dr,G=Jan',
      [
        { type: 'EMAILADDRESS', value: 'a@b.be' },
        { type: 'TITLE', value: 'Dr' },
        { type: 'GIVENNAME', value: 'Jan' },
      ],
    ],
    ['#hex UTF8String', 'CN=#0C0548C3B4746C', [{ type: 'CN', value: 'Hôtl' }]],
    ['#hex PrintableString', 'C=#13024245', [{ type: 'C', value: 'BE' }]],
    ['#hex BMPString', 'CN=#1E04004100E9', [{ type: 'CN', value: 'Aé' }]],
    ['#hex of a non-string type kept as written', 'CN=#020101', [{ type: 'CN', value: '#020101' }]],
    [
      'multi-valued RDN',
      'CN=a+SERIALNUMBER=1,O=b',
      [
        { type: 'CN', value: 'a' },
        { type: 'SERIALNUMBER', value: '1', joinedToPrevious: true },
        { type: 'O', value: 'b' },
      ],
    ],
  ])('%s: %j', (_label, text, expected) => {
    expect(parseDistinguishedName(text)).toEqual(expected);
  });

  it.each([
    ['no =', 'CN', /Expected "type=value" at position 0/],
    ['text after the last separator', 'CN=a,O', /Expected "type=value" at position 5/],
    ['missing type', '=a', /Missing attribute type/],
    ['type with spaces', 'COMMON NAME=a', /not an attribute type/],
    ['type starting with a digit but not an OID', '2x=a', /not an attribute type/],
    ['trailing comma', 'CN=a,', /ends with ","/],
    ['trailing plus', 'CN=a+', /ends with "\+"/],
    ['unterminated quote', 'CN="abc, O=x', /no closing quote/],
    ['text after a closing quote', 'CN="abc"def', /Expected "," or "\+"/],
    ['a quote inside an unquoted value', 'CN=ab"c', /Unexpected quote/],
    ['lone backslash at the end', 'CN=abc\\', /lone "\\"/],
    ['invalid UTF-8 in hex escapes', 'CN=\\C3\\28', /not valid UTF-8/],
    ['odd hex after #', 'CN=#0C0', /pairs of hex digits/],
    ['# alone', 'CN=#', /pairs of hex digits/],
  ])('throws a clear error on %s', (_label, text, message) => {
    expect(() => parseDistinguishedName(text)).toThrow(DistinguishedNameSyntaxError);
    expect(() => parseDistinguishedName(text)).toThrow(message);
  });

  it('says where the problem is', () => {
    try {
      parseDistinguishedName('CN=a,O=b,OU="x');
      throw new Error('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(DistinguishedNameSyntaxError);
      expect((error as DistinguishedNameSyntaxError).position).toBe(12);
    }
  });
});

describe('formatDistinguishedName', () => {
  it('writes strict RFC 4514 by default', () => {
    expect(formatDistinguishedName(VITALINK_DN)).toBe(VITALINK_RFC4514);
  });

  it('writes the readable form the eHealth tools print, exactly', () => {
    expect(formatDistinguishedName(VITALINK_DN, { style: 'readable' })).toBe(VITALINK);
  });

  it.each<[string, DistinguishedName, string, string]>([
    ['empty DN', [], '', ''],
    [
      'specials escaped',
      [{ type: 'CN', value: 'a,b+c;d<e>f"g\\h' }],
      'CN=a\\,b\\+c\\;d\\<e\\>f\\"g\\\\h',
      'CN="a,b+c;d<e>f\\"g\\\\h"',
    ],
    ['leading #', [{ type: 'CN', value: '#1' }], 'CN=\\#1', 'CN="#1"'],
    ['leading and trailing spaces', [{ type: 'CN', value: ' a ' }], 'CN=\\ a\\ ', 'CN=" a "'],
    ['one space', [{ type: 'CN', value: ' ' }], 'CN=\\ ', 'CN=" "'],
    ['empty value', [{ type: 'CN', value: '' }], 'CN=', 'CN=""'],
    ['inner = and # left alone', [{ type: 'OU', value: 'EHP=1#2' }], 'OU=EHP=1#2', 'OU="EHP=1#2"'],
    ['non-ASCII kept', [{ type: 'O', value: 'Hôpital Érasme' }], 'O=Hôpital Érasme', 'O=Hôpital Érasme'],
    ['control characters as hex', [{ type: 'CN', value: 'a\nb\u0000' }], 'CN=a\\0Ab\\00', 'CN=a\\0Ab\\00'],
    [
      'aliases written canonically',
      [
        { type: 'sn', value: 'x' },
        { type: 'GN', value: 'y' },
      ],
      'SURNAME=x,GIVENNAME=y',
      'SURNAME=x, GIVENNAME=y',
    ],
    ['known OIDs named', [{ type: '2.5.4.3', value: 'x' }], 'CN=x', 'CN=x'],
    [
      'multi-valued RDN',
      [
        { type: 'CN', value: 'a' },
        { type: 'SERIALNUMBER', value: '1', joinedToPrevious: true },
        { type: 'O', value: 'b' },
      ],
      'CN=a+SERIALNUMBER=1,O=b',
      'CN=a + SERIALNUMBER=1, O=b',
    ],
  ])('%s', (_label, dn, rfc4514, readable) => {
    expect(formatDistinguishedName(dn)).toBe(rfc4514);
    expect(formatDistinguishedName(dn, { style: 'readable' })).toBe(readable);
  });

  it('refuses an attribute type it could not write', () => {
    expect(() => formatDistinguishedName([{ type: 'C N', value: 'x' }])).toThrow(/not an attribute type/);
    expect(() => formatDistinguishedName([{ type: '', value: 'x' }])).toThrow(DistinguishedNameSyntaxError);
  });
});

describe('round trips: parse(format(dn)) is dn, in both styles', () => {
  const awkwardValues = [
    'plain',
    'EHP=1990001916, VITALINKGATEWAY',
    ' leading',
    'trailing ',
    '#hash',
    'a"quote',
    'back\\slash',
    'semi;colon',
    'plus+sign',
    '<angle>',
    'Hôpital Érasme',
    '日本語',
    'emoji 🙂',
    'tab\there',
    '',
    '   ',
    ',',
    '\\',
    '"',
  ];
  it.each(awkwardValues)('%j', (value) => {
    const dn: DistinguishedName = [
      { type: 'CN', value },
      { type: 'OU', value: `x${value}` },
      { type: 'O', value },
    ];
    expect(parseDistinguishedName(formatDistinguishedName(dn))).toEqual(dn);
    expect(parseDistinguishedName(formatDistinguishedName(dn, { style: 'readable' }))).toEqual(dn);
  });

  it('keeps the order of the attributes (most specific first)', () => {
    const reversed = [...VITALINK_DN].reverse();
    expect(parseDistinguishedName(formatDistinguishedName(reversed))).toEqual(reversed);
  });
});

describe('dnValues and normalizeDnAttributeType', () => {
  it('gives every OU in order', () => {
    expect(dnValues(VITALINK_DN, 'OU')).toEqual([
      'eHealth-platform Belgium',
      'VLAAMS AGENTSCHAP ZORG EN GEZONDHEID',
      'EHP=1990001916',
      'VITALINKGATEWAY',
    ]);
  });

  it('matches aliases and OIDs', () => {
    const dn: DistinguishedName = [{ type: 'SURNAME', value: 'Peeters' }];
    expect(dnValues(dn, 'sn')).toEqual(['Peeters']);
    expect(dnValues(dn, '2.5.4.4')).toEqual(['Peeters']);
    expect(dnValues(dn, 'CN')).toEqual([]);
  });

  it.each([
    ['cn', 'CN'],
    ['serialNumber', 'SERIALNUMBER'],
    ['2.5.4.5', 'SERIALNUMBER'],
    ['OID.2.5.4.42', 'GIVENNAME'],
    ['emailAddress', 'EMAILADDRESS'],
    ['1.2.3.4.5', '1.2.3.4.5'],
    ['x-custom', 'X-CUSTOM'],
  ])('%j -> %j', (type, expected) => {
    expect(normalizeDnAttributeType(type)).toBe(expected);
  });
});
