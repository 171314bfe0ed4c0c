// The identifier types that appear in eHealth certificate subjects (`TYPE=ID`), from DOMAIN.md.
import { hasValidCbeCheckDigits } from '../identifiers/cbe.js';
import { parseNihii } from '../identifiers/nihii.js';
import { parseSsin } from '../identifiers/ssin.js';

export interface EhealthIdentifierType {
  /** As written before the `=`: `SSIN`, `CBE`, `NIHII-AMBU_SERVICE`, ... */
  type: string;
  /** The number of digits of the ID. */
  length: number;
  /** Which check-digit rule the ID follows; null when the sources give none. */
  checkRule: 'ssin' | 'cbe' | 'nihii' | null;
  /** A natural person (one production certificate) or an organisation (up to ten). */
  holder: 'person' | 'organisation';
  /** English, for people. */
  label: string;
}

function nihiiOrganisation(suffix: string, label: string): EhealthIdentifierType {
  return { type: `NIHII-${suffix}`, length: 8, checkRule: 'nihii', holder: 'organisation', label };
}

/**
 * Every type DOMAIN.md lists, with its ID length. EHP (eHealth-assigned numbers), SITE, SITESMUR and
 * SITEPIT have no check rule in the sources, so their check digits are not judged (null).
 */
export const EHEALTH_IDENTIFIER_TYPES: readonly EhealthIdentifierType[] = [
  { type: 'SSIN', length: 11, checkRule: 'ssin', holder: 'person', label: 'Natural person (SSIN)' },
  {
    type: 'CBE',
    length: 10,
    checkRule: 'cbe',
    holder: 'organisation',
    label: 'Institution (CBE enterprise number)',
  },
  {
    type: 'CBE-TREAT_CENTER',
    length: 10,
    checkRule: 'cbe',
    holder: 'organisation',
    label: 'Treatment centre',
  },
  { type: 'CBE-CONSORTIUM', length: 10, checkRule: 'cbe', holder: 'organisation', label: 'Consortium' },
  {
    type: 'EHP',
    length: 10,
    checkRule: null,
    holder: 'organisation',
    label: 'Organisation with an eHealth number (EHP)',
  },
  {
    type: 'EHP-CTRL_ORGANISM',
    length: 10,
    checkRule: null,
    holder: 'organisation',
    label: 'Control organism',
  },
  {
    type: 'NIHII',
    length: 8,
    checkRule: 'nihii',
    holder: 'organisation',
    label: 'Organisation (NIHII number)',
  },
  {
    type: 'NIHII11',
    length: 11,
    checkRule: 'nihii',
    holder: 'person',
    label: 'Care provider (11-digit NIHII number)',
  },
  nihiiOrganisation('PHARMACY', 'Pharmacy'),
  nihiiOrganisation('LABO', 'Laboratory'),
  nihiiOrganisation('RETIREMENT', 'Retirement home'),
  nihiiOrganisation('OTD_PHARMACY', 'Pharmacy (OTD)'),
  nihiiOrganisation('HOSPITAL', 'Hospital'),
  nihiiOrganisation('GROUP', 'Group of nurses'),
  nihiiOrganisation('PALLIATIVE_CARE', 'Palliative care'),
  nihiiOrganisation('OFFICE_DENTISTS', 'Office of dentists'),
  nihiiOrganisation('MEDICAL_HOUSE', 'Medical house'),
  nihiiOrganisation('OFFICE_DOCTORS', 'Office of doctors'),
  nihiiOrganisation('GROUP_DOCTORS', 'Group of doctors'),
  nihiiOrganisation('OF_BAND', 'Office of bandagists'),
  nihiiOrganisation('PSYCH_HOUSE', 'Psychiatric nursing home'),
  nihiiOrganisation('PROT_ACC', 'Protected accommodation'),
  nihiiOrganisation('HOME_SERVICES', 'Home care services'),
  nihiiOrganisation('OF_PHYSIOS', 'Office of physiotherapists'),
  nihiiOrganisation('GUARD_POST', 'Out-of-hours guard post'),
  nihiiOrganisation('BELRAI', 'BelRAI'),
  nihiiOrganisation('BELRAI_SCREEN', 'BelRAI screener'),
  nihiiOrganisation('GROUP_MIDWIVES', 'Group of midwives'),
  nihiiOrganisation('AMBU_SERVICE', 'Ambulance service'),
  nihiiOrganisation('LEGAL_PSY', 'Forensic psychiatry'),
  nihiiOrganisation('REEDUCATION', 'Rehabilitation centre'),
  nihiiOrganisation('SORTING_CENTER', 'Sorting centre'),
  { type: 'SITE', length: 4, checkRule: null, holder: 'organisation', label: 'Hospital site' },
  {
    type: 'SITESMUR',
    length: 10,
    checkRule: null,
    holder: 'organisation',
    label: 'SMUR site (mobile emergency team)',
  },
  {
    type: 'SITEPIT',
    length: 10,
    checkRule: null,
    holder: 'organisation',
    label: 'PIT site (paramedic intervention team)',
  },
];

const BY_TYPE: ReadonlyMap<string, EhealthIdentifierType> = new Map(
  EHEALTH_IDENTIFIER_TYPES.map((t) => [t.type, t]),
);

/** The syntax of an identifier type: upper-case letters, digits (NIHII11), `_` and `-`. */
export const IDENTIFIER_TYPE_PATTERN = /^[A-Z][A-Z0-9_-]*$/;

export function findIdentifierType(type: string): EhealthIdentifierType | undefined {
  return BY_TYPE.get(String(type).trim().toUpperCase());
}

export interface EhealthIdentifierValidation {
  knownType: boolean;
  /**
   * True when the check digits hold; false when they fail (a NIHII number that is only "unverified"
   * included) or the ID does not have the type's length; null when the type has no check rule or is unknown.
   */
  checkDigitsValid: boolean | null;
  /** Whether the ID is all digits of the type's length; null for an unknown type. */
  lengthValid: boolean | null;
}

export function validateEhealthIdentifier(type: string, value: string): EhealthIdentifierValidation {
  const known = findIdentifierType(type);
  if (known === undefined) return { knownType: false, checkDigitsValid: null, lengthValid: null };
  const lengthValid = new RegExp(`^[0-9]{${known.length}}$`).test(value);
  if (known.checkRule === null) return { knownType: true, checkDigitsValid: null, lengthValid };
  if (!lengthValid) return { knownType: true, checkDigitsValid: false, lengthValid };
  return { knownType: true, checkDigitsValid: checkDigitsHold(known.checkRule, value), lengthValid };
}

function checkDigitsHold(rule: 'ssin' | 'cbe' | 'nihii', value: string): boolean {
  switch (rule) {
    case 'ssin':
      return parseSsin(value).ok;
    case 'cbe':
      // The type already says it is an enterprise number: only the digits are judged here.
      return hasValidCbeCheckDigits(value);
    case 'nihii': {
      const nihii = parseNihii(value);
      return nihii.ok && nihii.value.checkDigits === 'valid';
    }
  }
}
