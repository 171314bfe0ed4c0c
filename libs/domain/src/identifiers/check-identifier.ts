// One entry point for "is this a valid SSIN / CBE / NIHII number?" (backs `certdesk check`).
import { parseCbe } from './cbe.js';
import { parseNihii } from './nihii.js';
import { parseSsin } from './ssin.js';

export type IdentifierKind = 'ssin' | 'cbe' | 'nihii';
export const IDENTIFIER_KINDS: readonly IdentifierKind[] = ['ssin', 'cbe', 'nihii'];

export interface IdentifierCheck {
  kind: IdentifierKind;
  input: string;
  valid: boolean;
  /** The normalised value; also given for a NIHII number whose check digits could not be verified. */
  normalized: string | null;
  /**
   * Why it is not valid, as a stable code: a parser's reason (`EMPTY`, `WRONG_LENGTH`, `CHECK_DIGITS`, ...)
   * or `CHECK_DIGITS_UNVERIFIED` for a NIHII number that fails mod 97. Null when valid.
   */
  reason: string | null;
  /** The same in an English sentence for people; null when valid. */
  message: string | null;
}

export const NIHII_UNVERIFIED_REASON = 'CHECK_DIGITS_UNVERIFIED';

export function checkIdentifier(kind: IdentifierKind, input: string): IdentifierCheck {
  const base = { kind, input };
  switch (kind) {
    case 'ssin': {
      const result = parseSsin(input);
      return result.ok
        ? { ...base, valid: true, normalized: result.value.normalized, reason: null, message: null }
        : { ...base, valid: false, normalized: null, reason: result.reason, message: result.message };
    }
    case 'cbe': {
      const result = parseCbe(input);
      return result.ok
        ? { ...base, valid: true, normalized: result.value.normalized, reason: null, message: null }
        : { ...base, valid: false, normalized: null, reason: result.reason, message: result.message };
    }
    case 'nihii': {
      const result = parseNihii(input);
      if (!result.ok)
        return { ...base, valid: false, normalized: null, reason: result.reason, message: result.message };
      if (result.value.checkDigits === 'valid') {
        return { ...base, valid: true, normalized: result.value.normalized, reason: null, message: null };
      }
      return {
        ...base,
        valid: false,
        normalized: result.value.normalized,
        reason: NIHII_UNVERIFIED_REASON,
        message:
          'The check digits could not be verified: they fail the modulo-97 rule, and some professions use a ' +
          'modulo-89 variant that cannot be checked here. Verify the number with the NIHII/INAMI/RIZIV.',
      };
    }
    default:
      throw new RangeError(`Unknown identifier kind "${String(kind)}": expected ssin, cbe or nihii.`);
  }
}
