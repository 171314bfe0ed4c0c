// Whose Belgian eID certificate this is. DOMAIN.md "The Belgian eID card": the subject is
// `serialNumber=<SSIN>, GN=<given names>, SN=<surname>, CN=<name> (Authentication|Signature), C=BE`.
import { parseSsin, type Ssin } from '../identifiers/ssin.js';
import { fail, ok, type Result } from '../result.js';
import { normalizeDnAttributeType, type DistinguishedName } from './distinguished-name.js';

/** Why an eID subject does not name one holder. */
export type EidSubjectSsinProblem = 'EID_NO_SSIN' | 'EID_SSIN_INVALID' | 'EID_SSIN_AMBIGUOUS';

/** The card writes the national register number as its 11 digits, nothing else (no separators, no spaces). */
const CARD_SSIN = /^[0-9]{11}$/;

/**
 * The SSIN of an eID certificate's holder: the subject's one serialNumber attribute, exactly 11 digits with valid
 * check digits. A subject that could name two people is refused rather than read one way: more than one
 * serialNumber (whichever a reader picks, the other could be someone else's), or a serialNumber sharing a
 * multi-valued RDN (`CN=...+serialNumber=...`, which the card never issues).
 */
export function eidSubjectSsin(subject: DistinguishedName): Result<Ssin, EidSubjectSsinProblem> {
  const positions = subject.flatMap((attribute, index) =>
    normalizeDnAttributeType(attribute.type) === 'SERIALNUMBER' ? [index] : [],
  );
  if (positions.length === 0) {
    return fail('EID_NO_SSIN', 'The eID certificate names no national register number (SSIN).');
  }
  if (positions.length > 1) {
    return fail(
      'EID_SSIN_AMBIGUOUS',
      `The eID certificate's subject holds ${positions.length} serialNumber attributes: it must name exactly one SSIN.`,
    );
  }
  const index = positions[0]!;
  if (subject[index]!.joinedToPrevious || subject[index + 1]?.joinedToPrevious) {
    return fail(
      'EID_SSIN_AMBIGUOUS',
      "The eID certificate's serialNumber shares a multi-valued name part with another attribute: an eID card never issues that.",
    );
  }
  const value = subject[index]!.value;
  const ssin = CARD_SSIN.test(value) ? parseSsin(value) : null;
  if (!ssin?.ok) {
    return fail(
      'EID_SSIN_INVALID',
      `The eID certificate's serialNumber is not a national register number (11 digits with valid check digits)${ssin ? `: ${ssin.message}` : '.'}`,
    );
  }
  return ok(ssin.value);
}
