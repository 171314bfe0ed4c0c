// The keystore password rules, as the eHealth Certificate Manager checks them on its password screen
// (seeds 001, 002, 004): "at least 8 characters, of which a digit or a symbol", no accented characters, and
// the confirmation must match. (Seed 000, a helpdesk note, asks for a letter and a digit: the tool's own
// checks are followed here.)

export type KeystorePasswordRule =
  'MIN_LENGTH' | 'ACCEPTED_CHARACTERS' | 'DIGIT_OR_SYMBOL' | 'CONFIRMATION_MATCHES';

export const KEYSTORE_PASSWORD_MIN_LENGTH = 8;

export interface KeystorePasswordCheck {
  ok: boolean;
  /** Each rule the password breaks, in the order the tool shows its checks. Never contains the password. */
  failed: { rule: KeystorePasswordRule; message: string }[];
}

/** Printable ASCII, space included: anything else (é, è, ç, emoji, control characters) is refused. */
const ACCEPTED = /^[\x20-\x7e]*$/;
const DIGIT_OR_SYMBOL = /[0-9\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/;

/**
 * Checks a keystore password against the eHealth tool's rules, naming each failed one. Pass `confirmation`
 * to check it too (the tool's fourth check); without it that rule is not checked.
 */
export function checkKeystorePassword(
  password: string,
  options: { confirmation?: string } = {},
): KeystorePasswordCheck {
  const text = typeof password === 'string' ? password : '';
  const failed: KeystorePasswordCheck['failed'] = [];
  if ([...text].length < KEYSTORE_PASSWORD_MIN_LENGTH) {
    failed.push({ rule: 'MIN_LENGTH', message: `At least ${KEYSTORE_PASSWORD_MIN_LENGTH} characters.` });
  }
  if (!ACCEPTED.test(text)) {
    failed.push({
      rule: 'ACCEPTED_CHARACTERS',
      message:
        'Only unaccented letters, digits, spaces and ASCII symbols: no accented characters (é, è, ...).',
    });
  }
  if (!DIGIT_OR_SYMBOL.test(text)) {
    failed.push({ rule: 'DIGIT_OR_SYMBOL', message: 'At least one digit or symbol.' });
  }
  if (options.confirmation !== undefined && options.confirmation !== text) {
    failed.push({ rule: 'CONFIRMATION_MATCHES', message: 'The confirmation does not match the password.' });
  }
  return { ok: failed.length === 0, failed };
}
