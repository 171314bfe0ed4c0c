import { describe, expect, it } from '@jest/globals';
import {
  EHEALTH_IDENTIFIER_TYPES,
  findIdentifierType,
  validateEhealthIdentifier,
} from './identifier-types.js';

/** DOMAIN.md "Types in use, with the ID's length", transcribed. */
const DOMAIN_TYPES: Record<string, number> = {
  SSIN: 11,
  CBE: 10,
  'CBE-TREAT_CENTER': 10,
  'CBE-CONSORTIUM': 10,
  EHP: 10,
  'EHP-CTRL_ORGANISM': 10,
  NIHII: 8,
  NIHII11: 11,
  ...Object.fromEntries(
    [
      'PHARMACY',
      'LABO',
      'RETIREMENT',
      'OTD_PHARMACY',
      'HOSPITAL',
      'GROUP',
      'PALLIATIVE_CARE',
      'OFFICE_DENTISTS',
      'MEDICAL_HOUSE',
      'OFFICE_DOCTORS',
      'GROUP_DOCTORS',
      'OF_BAND',
      'PSYCH_HOUSE',
      'PROT_ACC',
      'HOME_SERVICES',
      'OF_PHYSIOS',
      'GUARD_POST',
      'BELRAI',
      'BELRAI_SCREEN',
      'GROUP_MIDWIVES',
      'AMBU_SERVICE',
      'LEGAL_PSY',
      'REEDUCATION',
      'SORTING_CENTER',
    ].map((suffix) => [`NIHII-${suffix}`, 8]),
  ),
  SITE: 4,
  SITESMUR: 10,
  SITEPIT: 10,
};

/** A value whose check digits hold, for each rule; plain digits for types without one. */
function sampleIdentifierValue(type: string): string {
  const known = findIdentifierType(type);
  if (!known) return '12345678';
  switch (known.checkRule) {
    case 'ssin':
      return '01050399864';
    case 'cbe':
      return '0566988259';
    case 'nihii':
      return known.length === 11 ? '53886171521' : '79609977';
    default:
      return '1990001916'.padEnd(known.length, '0').slice(0, known.length);
  }
}

describe('EHEALTH_IDENTIFIER_TYPES', () => {
  it('lists exactly the types of DOMAIN.md, with their lengths', () => {
    expect(Object.fromEntries(EHEALTH_IDENTIFIER_TYPES.map((t) => [t.type, t.length]))).toEqual(DOMAIN_TYPES);
    expect(EHEALTH_IDENTIFIER_TYPES).toHaveLength(Object.keys(DOMAIN_TYPES).length);
  });

  it.each(EHEALTH_IDENTIFIER_TYPES.map((t) => [t.type, t] as const))(
    '%s has an English label and a holder',
    (_type, t) => {
      expect(t.label).toMatch(/^[A-Z][A-Za-z0-9 ()/,.-]+$/);
      expect(['person', 'organisation']).toContain(t.holder);
    },
  );

  it('gives each type its check rule: SSIN, CBE numbers, NIHII numbers; none for EHP and SITE numbers', () => {
    const rules = Object.fromEntries(EHEALTH_IDENTIFIER_TYPES.map((t) => [t.type, t.checkRule]));
    expect(rules['SSIN']).toBe('ssin');
    for (const type of ['CBE', 'CBE-TREAT_CENTER', 'CBE-CONSORTIUM']) expect(rules[type]).toBe('cbe');
    for (const type of Object.keys(DOMAIN_TYPES).filter((t) => t.startsWith('NIHII')))
      expect(rules[type]).toBe('nihii');
    for (const type of ['EHP', 'EHP-CTRL_ORGANISM', 'SITE', 'SITESMUR', 'SITEPIT'])
      expect(rules[type]).toBeNull();
  });

  it('only personal identifiers are held by a person', () => {
    expect(EHEALTH_IDENTIFIER_TYPES.filter((t) => t.holder === 'person').map((t) => t.type)).toEqual([
      'SSIN',
      'NIHII11',
    ]);
  });

  it('labels the types the seeds name in English', () => {
    expect(findIdentifierType('NIHII-AMBU_SERVICE')?.label).toBe('Ambulance service');
    expect(findIdentifierType('NIHII-GROUP')?.label).toBe('Group of nurses');
  });
});

describe('findIdentifierType', () => {
  it('finds a type whatever its case and surrounding spaces', () => {
    expect(findIdentifierType('NIHII-PHARMACY')?.type).toBe('NIHII-PHARMACY');
    expect(findIdentifierType(' nihii-pharmacy ')?.type).toBe('NIHII-PHARMACY');
  });

  it.each(['', 'NIHII-UNKNOWN', 'SSIN=', 'NIHI-AMBU_SERVICE', 'KBO'])('does not know %j', (type) => {
    expect(findIdentifierType(type)).toBeUndefined();
  });
});

describe('validateEhealthIdentifier', () => {
  it.each(EHEALTH_IDENTIFIER_TYPES.map((t) => [t.type, t] as const))('%s: a well-formed value', (type, t) => {
    expect(validateEhealthIdentifier(type, sampleIdentifierValue(type))).toEqual({
      knownType: true,
      checkDigitsValid: t.checkRule === null ? null : true,
      lengthValid: true,
    });
  });

  it.each(EHEALTH_IDENTIFIER_TYPES.map((t) => [t.type, t] as const))(
    '%s: a value one digit too long',
    (type, t) => {
      expect(validateEhealthIdentifier(type, `${sampleIdentifierValue(type)}1`)).toEqual({
        knownType: true,
        checkDigitsValid: t.checkRule === null ? null : false,
        lengthValid: false,
      });
    },
  );

  it.each([
    ['SSIN', '01050399865'],
    ['SSIN', '00022900215'],
    ['CBE', '0566988258'],
    ['CBE-TREAT_CENTER', '0566988258'],
    ['NIHII-AMBU_SERVICE', '79609978'],
    ['NIHII11', '53886172521'],
  ])('%s=%s: check digits that fail (NIHII "unverified" included) are false', (type, value) => {
    expect(validateEhealthIdentifier(type, value)).toEqual({
      knownType: true,
      checkDigitsValid: false,
      lengthValid: true,
    });
  });

  it('an EHP number follows no rule the sources give: not judged', () => {
    expect(validateEhealthIdentifier('EHP', '1990001916').checkDigitsValid).toBeNull();
    expect(validateEhealthIdentifier('EHP', '1990001917').checkDigitsValid).toBeNull();
  });

  it('an unknown type is known to be unknown, and nothing is judged', () => {
    expect(validateEhealthIdentifier('NIHII-SPACESHIP', '79609977')).toEqual({
      knownType: false,
      checkDigitsValid: null,
      lengthValid: null,
    });
  });
});
