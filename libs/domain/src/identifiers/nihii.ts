// NIHII / INAMI / RIZIV numbers. DOMAIN.md "Identifiers": a person's number has 11 digits (profession
// digit, 5 sequence digits, 2 check digits, 3 qualification digits), an organisation's has 8.
import { fail, ok, type Result } from '../result.js';
import { asText, mod97CheckDigits, NUMBER_SEPARATORS, stripSeparators, twoDigits } from './digits.js';

export interface Nihii {
  /** 8 or 11 digits, no separators. */
  normalized: string;
  length: 8 | 11;
  /**
   * `valid` when `97 - (first 6 digits mod 97)` gives digits 7-8. Otherwise `unverified`: since 2013
   * some professions (home nurses, midwives, then doctors) get numbers whose check digits follow a
   * modulo-89 variant that the sources do not define, so a number failing mod 97 cannot be told apart
   * from a correct mod-89 one. It is never reported as valid, and never rejected either.
   */
  checkDigits: 'valid' | 'unverified';
}

/** Only the form is ever wrong: check digits that do not hold are `unverified`, not a failure. */
export type NihiiInvalidReason = 'EMPTY' | 'INVALID_CHARACTERS' | 'WRONG_LENGTH';

/** Spaces, dots, dashes and slashes: NIHII numbers are often written `1/23456/78/901`. */

export function parseNihii(input: string): Result<Nihii, NihiiInvalidReason> {
  const text = asText(input).trim();
  if (text === '') return fail('EMPTY', 'No NIHII number was given.');
  const { digits, onlyDigits } = stripSeparators(text, NUMBER_SEPARATORS);
  if (!onlyDigits) {
    return fail(
      'INVALID_CHARACTERS',
      'A NIHII number holds only digits (spaces, dots, dashes and slashes are ignored).',
    );
  }
  if (digits.length !== 8 && digits.length !== 11) {
    return fail(
      'WRONG_LENGTH',
      `A NIHII number has 8 digits (organisation) or 11 (person); this one has ${digits.length}.`,
    );
  }
  const checkDigits =
    twoDigits(mod97CheckDigits(digits.slice(0, 6))) === digits.slice(6, 8) ? 'valid' : 'unverified';
  return ok({ normalized: digits, length: digits.length, checkDigits });
}
