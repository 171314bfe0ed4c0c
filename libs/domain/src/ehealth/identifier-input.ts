// An eHealth identifier as a person types it (an organisation's CBE, NIHII, EHP number...), normalised and checked
// by the rules of its type.
import { fail, ok, type Result } from '../result.js';
import { parseCbe } from '../identifiers/cbe.js';
import { parseNihii } from '../identifiers/nihii.js';
import { parseSsin } from '../identifiers/ssin.js';
import { findIdentifierType } from './identifier-types.js';

export interface EhealthIdentifier {
  /** Upper case, as in certificate subjects: `NIHII-AMBU_SERVICE`. */
  type: string;
  /** Digits only. */
  value: string;
  /** `unverified`: a NIHII number failing mod 97, which may follow the modulo-89 variant; null: no check rule. */
  checkDigits: 'valid' | 'unverified' | null;
}

export type EhealthIdentifierInvalidReason =
  'UNKNOWN_TYPE' | 'INVALID_VALUE' | 'WRONG_LENGTH' | 'CHECK_DIGITS';

/**
 * Normalises `value` with the parser of the type's check rule (so `BE0566.988.259` is a CBE `0566988259`) and
 * refuses what cannot be this type's ID: an unknown type, characters, a wrong length, failing check digits.
 * A NIHII number failing mod 97 is accepted as `unverified`, never as valid (DOMAIN.md).
 */
export function parseEhealthIdentifier(
  type: string,
  value: string,
): Result<EhealthIdentifier, EhealthIdentifierInvalidReason> {
  const known = findIdentifierType(type);
  if (!known) return fail('UNKNOWN_TYPE', `${String(type).trim()} is not an eHealth identifier type.`);
  let normalized: string;
  let checkDigits: EhealthIdentifier['checkDigits'] = null;
  switch (known.checkRule) {
    case 'cbe':
    case 'ssin': {
      const parsed = known.checkRule === 'cbe' ? parseCbe(value) : parseSsin(value);
      if (!parsed.ok) {
        const reason =
          parsed.reason === 'CHECK_DIGITS'
            ? 'CHECK_DIGITS'
            : parsed.reason === 'WRONG_LENGTH'
              ? 'WRONG_LENGTH'
              : 'INVALID_VALUE';
        return fail(reason, `${known.type}: ${parsed.message}`);
      }
      normalized = parsed.value.normalized;
      checkDigits = 'valid';
      break;
    }
    case 'nihii': {
      const parsed = parseNihii(value);
      if (!parsed.ok) {
        return fail(
          parsed.reason === 'WRONG_LENGTH' ? 'WRONG_LENGTH' : 'INVALID_VALUE',
          `${known.type}: ${parsed.message}`,
        );
      }
      normalized = parsed.value.normalized;
      checkDigits = parsed.value.checkDigits;
      break;
    }
    case null: {
      normalized = String(value)
        .trim()
        .replace(/[\s./-]/g, '');
      if (!/^[0-9]+$/.test(normalized))
        return fail('INVALID_VALUE', `${known.type}: an ID holds only digits.`);
    }
  }
  if (normalized.length !== known.length) {
    return fail(
      'WRONG_LENGTH',
      `${known.type}: an ID has ${known.length} digits; this one has ${normalized.length}.`,
    );
  }
  return ok({ type: known.type, value: normalized, checkDigits });
}
