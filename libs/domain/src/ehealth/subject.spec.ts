import { describe, expect, it } from '@jest/globals';
import {
  formatDistinguishedName,
  parseDistinguishedName,
  type DistinguishedName,
  type DnAttribute,
} from './distinguished-name.js';
import { EHEALTH_IDENTIFIER_TYPES, findIdentifierType } from './identifier-types.js';
import { buildEhealthSubject, parseEhealthSubject } from './subject.js';

function sampleValue(type: string): string {
  const known = findIdentifierType(type);
  if (known?.checkRule === 'ssin') return '01050399864';
  if (known?.checkRule === 'cbe') return '0566988259';
  if (known?.checkRule === 'nihii') return known.length === 11 ? '53886171521' : '79609977';
  return '1990001916'.slice(0, known?.length ?? 8).padEnd(known?.length ?? 8, '0');
}

/** Each way the OUs have been seen or could be listed: the tools' order, reversed, shuffled. */
const OU_ORDERS: Record<string, (ous: DnAttribute[]) => DnAttribute[]> = {
  'tool order': (ous) => ous,
  'reversed OUs': (ous) => [...ous].reverse(),
  'identifier first': (ous) =>
    [ous[2], ous[0], ...(ous[3] ? [ous[3]] : []), ous[1]].filter(Boolean) as DnAttribute[],
  'platform last': (ous) => [...ous.slice(1), ous[0] as DnAttribute],
};

function subjectWithOrder(
  dn: DistinguishedName,
  order: (ous: DnAttribute[]) => DnAttribute[],
): DistinguishedName {
  const ous = dn.filter((a) => a.type === 'OU');
  return [dn[0] as DnAttribute, ...order(ous), ...dn.filter((a) => a.type === 'O' || a.type === 'C')];
}

const VITALINK =
  'CN="EHP=1990001916, VITALINKGATEWAY", OU=eHealth-platform Belgium, OU=VLAAMS AGENTSCHAP ZORG EN GEZONDHEID, OU="EHP=1990001916", OU=VITALINKGATEWAY, O=Federal Government, C=BE';

describe('parseEhealthSubject', () => {
  it('reads the Vitalink gateway certificate of DOMAIN.md', () => {
    expect(parseEhealthSubject(parseDistinguishedName(VITALINK))).toEqual({
      identifierType: 'EHP',
      identifierValue: '1990001916',
      applicationId: 'VITALINKGATEWAY',
      holderName: 'VLAAMS AGENTSCHAP ZORG EN GEZONDHEID',
      knownType: true,
      checkDigitsValid: null,
    });
  });

  it('reads the ambulance service of the reminder e-mail (seed 004)', () => {
    const dn = parseDistinguishedName(
      'CN=NIHII-AMBU_SERVICE=79609977,OU=eHealth-platform Belgium,OU=SPF SPSCAE SERVICE AIDE URGENTE,OU=NIHII-AMBU_SERVICE=79609977,O=Federal Government,C=BE',
    );
    expect(parseEhealthSubject(dn)).toEqual({
      identifierType: 'NIHII-AMBU_SERVICE',
      identifierValue: '79609977',
      applicationId: null,
      holderName: 'SPF SPSCAE SERVICE AIDE URGENTE',
      knownType: true,
      checkDigitsValid: true,
    });
  });

  describe.each(EHEALTH_IDENTIFIER_TYPES.map((t) => [t.type, t] as const))('type %s', (type, known) => {
    const value = sampleValue(type);
    const expectedCheck = known.checkRule === null ? null : true;

    it.each(Object.entries(OU_ORDERS))('without application ID, %s', (_order, order) => {
      const dn = subjectWithOrder(
        buildEhealthSubject({ identifierType: type, identifierValue: value, holderName: 'Zorg Huis' }),
        order,
      );
      expect(parseEhealthSubject(dn)).toEqual({
        identifierType: type,
        identifierValue: value,
        applicationId: null,
        holderName: 'ZORG HUIS',
        knownType: true,
        checkDigitsValid: expectedCheck,
      });
    });

    it.each(Object.entries(OU_ORDERS))('with application ID, %s', (_order, order) => {
      const dn = subjectWithOrder(
        buildEhealthSubject({
          identifierType: type,
          identifierValue: value,
          holderName: 'Zorg Huis',
          applicationId: 'APP_1',
        }),
        order,
      );
      expect(parseEhealthSubject(dn)).toEqual({
        identifierType: type,
        identifierValue: value,
        applicationId: 'APP_1',
        holderName: 'ZORG HUIS',
        knownType: true,
        checkDigitsValid: expectedCheck,
      });
    });

    it('through its RFC 4514 text and back', () => {
      const dn = buildEhealthSubject({
        identifierType: type,
        identifierValue: value,
        holderName: 'Zorg Huis',
        applicationId: 'X',
      });
      expect(parseEhealthSubject(parseDistinguishedName(formatDistinguishedName(dn)))).toMatchObject({
        identifierType: type,
        applicationId: 'X',
      });
    });
  });

  it('reads an unknown type, and flags it', () => {
    const dn = parseDistinguishedName(
      'CN=NIHII-SPACESHIP=12345678, OU=eHealth-platform Belgium, OU=SPACE CARE, OU=NIHII-SPACESHIP=12345678, O=Federal Government, C=BE',
    );
    expect(parseEhealthSubject(dn)).toEqual({
      identifierType: 'NIHII-SPACESHIP',
      identifierValue: '12345678',
      applicationId: null,
      holderName: 'SPACE CARE',
      knownType: false,
      checkDigitsValid: null,
    });
  });

  it('flags check digits that fail, NIHII "unverified" included', () => {
    const read = (type: string, value: string) =>
      parseEhealthSubject(
        buildEhealthSubject({ identifierType: type, identifierValue: value, holderName: 'X' }),
      )?.checkDigitsValid;
    expect(read('SSIN', '01050399865')).toBe(false);
    expect(read('CBE', '0566988258')).toBe(false);
    expect(read('NIHII-HOSPITAL', '79609978')).toBe(false);
    expect(read('NIHII-HOSPITAL', '7960997')).toBe(false);
  });

  it('a one-word holder name is not mistaken for an application ID when the CN names none', () => {
    const dn = parseDistinguishedName(
      'CN=CBE=0566988259, OU=eHealth-platform Belgium, OU=VITALINK, OU=CBE=0566988259, O=Federal Government, C=BE',
    );
    expect(parseEhealthSubject(dn)).toMatchObject({ applicationId: null, holderName: 'VITALINK' });
  });

  it('a holder name that equals the application ID is still found', () => {
    const dn = parseDistinguishedName(
      'CN="CBE=0566988259, ACME", OU=eHealth-platform Belgium, OU=ACME, OU=CBE=0566988259, OU=ACME, O=Federal Government, C=BE',
    );
    expect(parseEhealthSubject(dn)).toMatchObject({ applicationId: 'ACME', holderName: 'ACME' });
  });

  it('prefers the identifier OU the CN names when there are several', () => {
    const dn = parseDistinguishedName(
      'CN=CBE=0566988259, OU=SSIN=01050399864, OU=eHealth-platform Belgium, OU=HOLDER, OU=CBE=0566988259, O=Federal Government, C=BE',
    );
    expect(parseEhealthSubject(dn)).toMatchObject({
      identifierType: 'CBE',
      identifierValue: '0566988259',
      holderName: 'HOLDER',
    });
  });

  it('trusts the identifier OU over a CN that names something else, and then takes no application ID from that CN', () => {
    const dn = parseDistinguishedName(
      'CN="CBE=0566988259, APP", OU=eHealth-platform Belgium, OU=HOLDER, OU=NIHII-LABO=79609977, OU=APP, O=Federal Government, C=BE',
    );
    expect(parseEhealthSubject(dn)).toMatchObject({
      identifierType: 'NIHII-LABO',
      identifierValue: '79609977',
      applicationId: null,
    });
  });

  it('reads an older subject whose CN is not TYPE=ID (names in the CN)', () => {
    const dn = parseDistinguishedName(
      'CN=Bob\\,\\,NIHII\\=00000000202,OU=NIHII\\=00000000202,OU=Bob,OU=eHealth-platform Belgium,O=Federal Government,C=BE',
    );
    expect(parseEhealthSubject(dn)).toEqual({
      identifierType: 'NIHII',
      identifierValue: '00000000202',
      applicationId: null,
      holderName: 'Bob',
      knownType: true,
      checkDigitsValid: false,
    });
  });

  it('takes the identifier from the CN when no OU holds it but the platform OU is there', () => {
    const dn = parseDistinguishedName(
      'SERIALNUMBER=79609977, CN="NIHII-PHARMACY=79609977", OU=eHealth-platform Belgium, O=Federal Government, C=BE',
    );
    expect(parseEhealthSubject(dn)).toEqual({
      identifierType: 'NIHII-PHARMACY',
      identifierValue: '79609977',
      applicationId: null,
      holderName: null,
      knownType: true,
      checkDigitsValid: true,
    });
  });

  it.each([
    [
      'an eID authentication certificate',
      'SERIALNUMBER=01050399864, GIVENNAME=Jan, SURNAME=Peeters, CN=Jan Peeters (Authentication), C=BE',
    ],
    [
      'the eHealth issuing CA',
      'CN=ZetesConfidens Private Trust PKI - eHealth issuing CA 001, SERIALNUMBER=001, O=ZETES SA, C=BE',
    ],
    ['a web server', 'CN=www.ehealth.fgov.be, O=eHealth, C=BE'],
    ['a TYPE=ID CN without the platform OU', 'CN=SSIN=01050399864, O=Somebody, C=BE'],
    ['an empty DN', ''],
    ['the platform OU alone', 'OU=eHealth-platform Belgium, O=Federal Government, C=BE'],
  ])('is null for %s', (_label, text) => {
    expect(parseEhealthSubject(parseDistinguishedName(text))).toBeNull();
  });
});

describe('buildEhealthSubject', () => {
  it('writes exactly the layout of the eHealth tools, in RFC 4514 order', () => {
    const dn = buildEhealthSubject({
      identifierType: 'EHP',
      identifierValue: '1990001916',
      holderName: 'Vlaams Agentschap Zorg en Gezondheid',
      applicationId: 'VitalinkGateway',
    });
    expect(formatDistinguishedName(dn, { style: 'readable' })).toBe(VITALINK);
  });

  it('without an application ID: no application-ID OU, and a plain CN', () => {
    expect(
      buildEhealthSubject({
        identifierType: 'NIHII-AMBU_SERVICE',
        identifierValue: '79609977',
        holderName: 'SPF SPSCAE Service Aide Urgente',
      }),
    ).toEqual([
      { type: 'CN', value: 'NIHII-AMBU_SERVICE=79609977' },
      { type: 'OU', value: 'eHealth-platform Belgium' },
      { type: 'OU', value: 'SPF SPSCAE SERVICE AIDE URGENTE' },
      { type: 'OU', value: 'NIHII-AMBU_SERVICE=79609977' },
      { type: 'O', value: 'Federal Government' },
      { type: 'C', value: 'BE' },
    ]);
  });

  it('upper-cases the holder name and application ID and removes diacritics', () => {
    const dn = buildEhealthSubject({
      identifierType: 'cbe',
      identifierValue: '0566988259',
      holderName: ' Hôpital  Érasme ',
      applicationId: 'récepção',
    });
    expect(parseEhealthSubject(dn)).toMatchObject({
      identifierType: 'CBE',
      holderName: 'HOPITAL ERASME',
      applicationId: 'RECEPCAO',
    });
  });

  it.each([null, undefined, '', '   '])('treats application ID %j as none', (applicationId) => {
    const dn = buildEhealthSubject({
      identifierType: 'SSIN',
      identifierValue: '01050399864',
      holderName: 'Jan',
      applicationId,
    });
    expect(dn).toHaveLength(6);
    expect(dn[0]).toEqual({ type: 'CN', value: 'SSIN=01050399864' });
  });

  it('accepts an application ID of 30 characters', () => {
    const applicationId = 'A'.repeat(30);
    expect(
      parseEhealthSubject(
        buildEhealthSubject({
          identifierType: 'CBE',
          identifierValue: '0566988259',
          holderName: 'X',
          applicationId,
        }),
      )?.applicationId,
    ).toBe(applicationId);
  });

  it.each([
    ['an application ID of 31 characters', { applicationId: 'A'.repeat(31) }, /applicationId/],
    ['an application ID with a space', { applicationId: 'APP ONE' }, /applicationId/],
    ['an application ID with a dot', { applicationId: 'APP.1' }, /applicationId/],
    ['a type with a space', { identifierType: 'NIHII HOSPITAL' }, /identifierType/],
    ['a type with =', { identifierType: 'SSIN=' }, /identifierType/],
    ['an empty type', { identifierType: '' }, /identifierType/],
    ['an ID with letters', { identifierValue: '0566A88259' }, /identifierValue/],
    ['an empty ID', { identifierValue: '' }, /identifierValue/],
    ['an empty holder name', { holderName: '  ' }, /holderName/],
  ])('refuses %s', (_label, change, message) => {
    expect(() =>
      buildEhealthSubject({
        identifierType: 'CBE',
        identifierValue: '0566988259',
        holderName: 'Acme',
        applicationId: null,
        ...change,
      }),
    ).toThrow(message);
  });

  it('builds unknown types too (the test PKI mints them)', () => {
    expect(
      parseEhealthSubject(
        buildEhealthSubject({ identifierType: 'NEW_TYPE', identifierValue: '1', holderName: 'X' }),
      ),
    ).toMatchObject({
      identifierType: 'NEW_TYPE',
      knownType: false,
    });
  });
});
