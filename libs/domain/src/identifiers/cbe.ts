// CBE / BCE / KBO: the Belgian enterprise number (Crossroads Bank for Enterprises). DOMAIN.md "Identifiers".
import { fail, ok, type Result } from '../result.js';
import { asText, mod97CheckDigits, NUMBER_SEPARATORS, stripSeparators, twoDigits } from './digits.js';

export interface Cbe {
  /** 10 digits, no separators. */
  normalized: string;
  /** `0123.456.749`, the way enterprise numbers are usually written. */
  formatted: string;
}

export type CbeInvalidReason =
  'EMPTY' | 'INVALID_CHARACTERS' | 'WRONG_LENGTH' | 'INVALID_FIRST_DIGIT' | 'CHECK_DIGITS';

/** The VAT form `BE0123456749` (any case, with or without a space after BE). */
const VAT_PREFIX = /^BE\s*/i;

/**
 * Parses an enterprise number: `0123.456.749`, `0123 456 749`, `BE0123456749`, `0123456749`, and the old
 * 9-digit form `123456749` (a leading 0 is added, as when the numbers went to 10 digits).
 *
 * Enterprise numbers start with 0 or 1; numbers starting with 2-9 are establishment units, not
 * enterprises (INVALID_FIRST_DIGIT). The last two digits are `97 - (first 8 digits mod 97)`.
 */
export function parseCbe(input: string): Result<Cbe, CbeInvalidReason> {
  const text = asText(input).trim().replace(VAT_PREFIX, '');
  if (text === '') return fail('EMPTY', 'No enterprise number was given.');
  const { digits: written, onlyDigits } = stripSeparators(text, NUMBER_SEPARATORS);
  if (!onlyDigits) {
    return fail(
      'INVALID_CHARACTERS',
      'An enterprise number holds only digits, optionally after "BE" (spaces, dots and dashes are ignored).',
    );
  }
  const digits = written.length === 9 ? `0${written}` : written;
  if (digits.length !== 10) {
    return fail('WRONG_LENGTH', `An enterprise number has 10 digits; this one has ${written.length}.`);
  }
  if (digits[0] !== '0' && digits[0] !== '1') {
    return fail(
      'INVALID_FIRST_DIGIT',
      'An enterprise number starts with 0 or 1; a number starting with 2-9 is an establishment unit.',
    );
  }
  if (!hasValidCbeCheckDigits(digits)) {
    return fail(
      'CHECK_DIGITS',
      'The check digits do not match the rest of the number: check for a typing error.',
    );
  }
  return ok({ normalized: digits, formatted: formatCbe(digits) });
}

/** `0123.456.749`. Expects 10 digits. */
export function formatCbe(normalized: string): string {
  return `${normalized.slice(0, 4)}.${normalized.slice(4, 7)}.${normalized.slice(7, 10)}`;
}

/** The mod-97 rule alone, on 10 digits. */
export function hasValidCbeCheckDigits(tenDigits: string): boolean {
  return twoDigits(mod97CheckDigits(tenDigits.slice(0, 8))) === tenDigits.slice(8, 10);
}
