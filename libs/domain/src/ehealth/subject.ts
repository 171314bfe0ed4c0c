// The subject of an eHealth certificate, read and built. DOMAIN.md "What an eHealth certificate is":
//   CN=<TYPE>=<ID>[, <APPID>], OU=eHealth-platform Belgium, OU=<holder name>, OU=<TYPE>=<ID>, [OU=<APPID>,]
//   O=Federal Government, C=BE
// Real certificates do not all list their OUs in that order, so each part is found by what it is.
import { dnValues, type DistinguishedName } from './distinguished-name.js';
import { IDENTIFIER_TYPE_PATTERN, validateEhealthIdentifier } from './identifier-types.js';
import { toEhealthUpperCase } from './text.js';

export interface EhealthSubject {
  identifierType: string;
  identifierValue: string;
  applicationId: string | null;
  holderName: string | null;
  knownType: boolean;
  checkDigitsValid: boolean | null;
}

export const EHEALTH_PLATFORM_OU = 'eHealth-platform Belgium';
export const EHEALTH_SUBJECT_ORGANIZATION = 'Federal Government';
export const EHEALTH_SUBJECT_COUNTRY = 'BE';
/** An application ID lets one organisation hold several certificates for one identifier. */
export const APPLICATION_ID_PATTERN = /^[0-9A-Z_-]{1,30}$/;

/** An OU that names the holder's identifier: `NIHII-AMBU_SERVICE=79609977`. */
const IDENTIFIER_OU = /^([A-Z][A-Z0-9_-]*)=([0-9]+)$/i;
/** The CN: `TYPE=ID` or `TYPE=ID, APPID`. */
const COMMON_NAME = /^([A-Z][A-Z0-9_-]*)=([0-9]+)(?:\s*,\s*([0-9A-Z_-]{1,30}))?$/i;

interface Identifier {
  type: string;
  value: string;
}

/**
 * Reads an eHealth subject, or returns null when the subject is not eHealth-shaped.
 *
 * - Identifier: the OU of the form `TYPE=ID` (the one the CN names, if several). Without such an OU, the
 *   CN's `TYPE=ID` is used when the platform OU `eHealth-platform Belgium` is there. Neither: null.
 * - Application ID: the part after the comma in the CN, when the CN names the same identifier (the OU
 *   holding the same text is then the application-ID OU). The CN is the only place that tells an
 *   application ID from a one-word holder name, so without it the application ID is null.
 * - Holder: the first OU that is none of the above (not the platform OU, not a `TYPE=ID` OU, not the
 *   application-ID OU); null when there is none.
 */
export function parseEhealthSubject(subject: DistinguishedName): EhealthSubject | null {
  const ous = dnValues(subject, 'OU').map((v) => v.trim());
  const commonName = dnValues(subject, 'CN')
    .map((cn) => COMMON_NAME.exec(cn.trim()))
    .find((match) => match !== null);
  const cn = commonName
    ? {
        type: (commonName[1] as string).toUpperCase(),
        value: commonName[2] as string,
        applicationId: commonName[3],
      }
    : null;
  const hasPlatformOu = ous.some(isPlatformOu);

  const identifierOus: Identifier[] = ous.flatMap((ou) => {
    const match = IDENTIFIER_OU.exec(ou);
    return match ? [{ type: (match[1] as string).toUpperCase(), value: match[2] as string }] : [];
  });
  const identifier =
    identifierOus.find((id) => cn !== null && sameIdentifier(id, cn)) ??
    identifierOus[0] ??
    (cn !== null && hasPlatformOu ? cn : undefined);
  if (identifier === undefined) return null;

  const applicationId =
    cn !== null && sameIdentifier(cn, identifier) && cn.applicationId ? cn.applicationId.toUpperCase() : null;
  let applicationIdOuSkipped = false;
  const holderName =
    ous.find((ou) => {
      if (isPlatformOu(ou) || IDENTIFIER_OU.test(ou)) return false;
      if (!applicationIdOuSkipped && applicationId !== null && ou.toUpperCase() === applicationId) {
        applicationIdOuSkipped = true;
        return false;
      }
      return ou !== '';
    }) ?? null;

  const { knownType, checkDigitsValid } = validateEhealthIdentifier(identifier.type, identifier.value);
  return {
    identifierType: identifier.type,
    identifierValue: identifier.value,
    applicationId,
    holderName,
    knownType,
    checkDigitsValid,
  };
}

export interface EhealthSubjectInput {
  identifierType: string;
  identifierValue: string;
  holderName: string;
  applicationId?: string | null;
}

/**
 * The subject exactly as the eHealth registration tools write it (DOMAIN.md), in RFC 4514 order. The holder
 * name and application ID are upper-cased without diacritics. Throws a RangeError naming the field when the
 * type, ID, name or application ID cannot be written (the type need not be a known one: unknown types exist).
 */
export function buildEhealthSubject(input: EhealthSubjectInput): DistinguishedName {
  const type = String(input.identifierType ?? '')
    .trim()
    .toUpperCase();
  if (!IDENTIFIER_TYPE_PATTERN.test(type)) {
    throw new RangeError(
      `identifierType "${input.identifierType}" is not an eHealth identifier type (upper-case letters, digits, _ and -, e.g. NIHII-HOSPITAL).`,
    );
  }
  const value = String(input.identifierValue ?? '').trim();
  if (!/^[0-9]+$/.test(value)) {
    throw new RangeError(`identifierValue "${input.identifierValue}" must be digits only.`);
  }
  const holderName = toEhealthUpperCase(input.holderName ?? '');
  if (holderName === '') throw new RangeError('holderName must not be empty.');

  const rawApplicationId = input.applicationId ?? '';
  const applicationId = rawApplicationId.trim() === '' ? null : toEhealthUpperCase(rawApplicationId);
  if (applicationId !== null && !APPLICATION_ID_PATTERN.test(applicationId)) {
    throw new RangeError(
      `applicationId "${rawApplicationId}" must be 1 to 30 characters among A-Z, 0-9, _ and - (it is upper-cased first).`,
    );
  }

  const identifier = `${type}=${value}`;
  return [
    { type: 'CN', value: applicationId === null ? identifier : `${identifier}, ${applicationId}` },
    { type: 'OU', value: EHEALTH_PLATFORM_OU },
    { type: 'OU', value: holderName },
    { type: 'OU', value: identifier },
    ...(applicationId === null ? [] : [{ type: 'OU', value: applicationId }]),
    { type: 'O', value: EHEALTH_SUBJECT_ORGANIZATION },
    { type: 'C', value: EHEALTH_SUBJECT_COUNTRY },
  ];
}

function isPlatformOu(ou: string): boolean {
  return ou.toLowerCase() === EHEALTH_PLATFORM_OU.toLowerCase();
}

function sameIdentifier(a: Identifier, b: Identifier): boolean {
  return a.type === b.type && a.value === b.value;
}
