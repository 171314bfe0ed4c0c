// SSIN (INSZ / NISS): the Belgian social security identification number, i.e. the national register
// number, or the BIS number of someone who is not in the national register. DOMAIN.md "Identifiers".
import { daysInMonth } from '../calendar.js';
import { fail, ok, type Result } from '../result.js';
import { asText, mod97CheckDigits, stripSeparators, twoDigits } from './digits.js';

export interface Ssin {
  /** 11 digits, no separators. */
  normalized: string;
  /** A national register number, or a BIS number (birth month + 20 or + 40). */
  kind: 'national-register' | 'bis';
  /** YYYY-MM-DD, or null when the number does not carry a full date (month or day 00, unknown date). */
  birthDate: string | null;
  /** Read from the check digits: for people born in 2000 or later they are computed on "2" + 9 digits. */
  bornIn2000OrLater: boolean;
}

export type SsinInvalidReason =
  'EMPTY' | 'INVALID_CHARACTERS' | 'WRONG_LENGTH' | 'INVALID_DATE' | 'CHECK_DIGITS';

/** Spaces, dots and dashes, as in `85.01.01-123.45` or `850101 123 45`. */
const SEPARATORS = /[\s.-]/g;

/**
 * Parses an SSIN written with or without separators.
 *
 * - Month 01-12 is a national register number; 21-32 and 41-52 are BIS numbers (+20: sex unknown when
 *   the number was given, +40: sex known). Month 00 / 20 / 40 or day 00 mean the date is not fully known
 *   (month 00 is also used when a day's sequence numbers run out, and `YY0001` when nothing of the date is
 *   known): valid, with `birthDate: null`.
 * - The check digits decide the century: `97 - (first 9 digits mod 97)` for 19xx, the same on
 *   `2` + 9 digits for 20xx. The date is then checked in that century, so 29 February is valid only when
 *   that year is a leap year (`000229...` only with the 2000 rule).
 */
export function parseSsin(input: string): Result<Ssin, SsinInvalidReason> {
  const text = asText(input).trim();
  if (text === '') return fail('EMPTY', 'No SSIN was given.');
  const { digits, onlyDigits } = stripSeparators(text, SEPARATORS);
  if (!onlyDigits) {
    return fail('INVALID_CHARACTERS', 'An SSIN holds only digits (spaces, dots and dashes are ignored).');
  }
  if (digits.length !== 11) {
    return fail('WRONG_LENGTH', `An SSIN has 11 digits; this one has ${digits.length}.`);
  }

  const encodedMonth = Number(digits.slice(2, 4));
  const day = Number(digits.slice(4, 6));
  const kind = monthKind(encodedMonth);
  if (kind === null) {
    return fail(
      'INVALID_DATE',
      `The month part ${digits.slice(2, 4)} is not a month (01-12, or 21-32 / 41-52 for a BIS number).`,
    );
  }
  if (day > 31) return fail('INVALID_DATE', `The day part ${digits.slice(4, 6)} is not a day of a month.`);

  const firstNine = digits.slice(0, 9);
  const checkDigits = digits.slice(9);
  let bornIn2000OrLater: boolean;
  if (twoDigits(mod97CheckDigits(firstNine)) === checkDigits) bornIn2000OrLater = false;
  else if (twoDigits(mod97CheckDigits(`2${firstNine}`)) === checkDigits) bornIn2000OrLater = true;
  else
    return fail(
      'CHECK_DIGITS',
      'The check digits do not match the rest of the number: check for a typing error.',
    );

  const year = (bornIn2000OrLater ? 2000 : 1900) + Number(digits.slice(0, 2));
  const month = encodedMonth % 20;
  let birthDate: string | null = null;
  if (month !== 0 && day !== 0) {
    if (day > daysInMonth(year, month)) {
      return fail('INVALID_DATE', `${year}-${twoDigits(month)} has no day ${day}.`);
    }
    birthDate = `${year}-${twoDigits(month)}-${twoDigits(day)}`;
  }
  return ok({ normalized: digits, kind, birthDate, bornIn2000OrLater });
}

/** `85.01.01-123.45`, the way the SSIN is printed on Belgian documents. Expects 11 digits. */
export function formatSsin(normalized: string): string {
  const d = normalized;
  return `${d.slice(0, 2)}.${d.slice(2, 4)}.${d.slice(4, 6)}-${d.slice(6, 9)}.${d.slice(9, 11)}`;
}

/**
 * Hides the personal part of an SSIN: `850101-***-**`. The SSIN is personal data (DOMAIN.md): mask it
 * wherever the whole number is not needed. Never throws: anything that is not a plausible SSIN is masked
 * completely, so a typo in a log line cannot leak a number either.
 */
export function maskSsin(ssin: string): string {
  const digits = asText(ssin).replace(SEPARATORS, '');
  if (/^[0-9]{11}$/.test(digits)) return `${digits.slice(0, 6)}-***-**`;
  return '******-***-**';
}

function monthKind(encodedMonth: number): Ssin['kind'] | null {
  if (encodedMonth <= 12) return 'national-register';
  if ((encodedMonth >= 20 && encodedMonth <= 32) || (encodedMonth >= 40 && encodedMonth <= 52)) return 'bis';
  return null;
}
