// Helpers shared by the Belgian identifier parsers.

/** `97 - (n mod 97)`: the check-digit rule of the SSIN, the CBE number and the NIHII number. */
export function mod97CheckDigits(digits: string): number {
  // Up to 10 digits here (the SSIN's "2" + 9 digits), well within Number's exact integer range.
  return 97 - (Number(digits) % 97);
}

/**
 * `digits` followed by their mod-97 check digits: a CBE number from its first 8 digits, an 8-digit NIHII number from
 * its first 6, the SSIN of someone born in the 1900s from its first 9 (born in 2000 or later, the check digits are
 * those of "2" + the 9 digits). For making valid numbers (demo data, tests); parsing checks them.
 */
export function withMod97CheckDigits(digits: string, { bornIn2000OrLater = false } = {}): string {
  return `${digits}${twoDigits(mod97CheckDigits(bornIn2000OrLater ? `2${digits}` : digits))}`;
}

/** The check digits as the two-digit string they are written as ("07", "97"). */
export function twoDigits(value: number): string {
  return value.toString().padStart(2, '0');
}

/** Null and undefined from untyped callers (JSON bodies) read as empty text rather than throwing. */
export function asText(input: unknown): string {
  return input === null || input === undefined ? '' : String(input);
}

/** Removes every character matched by `separators` and reports whether only digits are left. */
export function stripSeparators(text: string, separators: RegExp): { digits: string; onlyDigits: boolean } {
  const digits = text.replace(separators, '');
  return { digits, onlyDigits: /^[0-9]*$/.test(digits) };
}

/** What an enterprise or NIHII number may be written with between its digits: spaces, dots, slashes, dashes. */
export const NUMBER_SEPARATORS = /[\s./-]/g;

/**
 * The digits of a number as written on paper (`0123.456.749`, `0123 456 749`, `BE0123456749`, `1-23456-78-901`), to
 * find it among the numbers Certdesk keeps (digits alone); null when the text holds anything else, or no digit.
 */
export function writtenNumberDigits(text: string): string | null {
  const { digits, onlyDigits } = stripSeparators(
    asText(text)
      .trim()
      .replace(/^BE\s*/i, ''),
    NUMBER_SEPARATORS,
  );
  return onlyDigits && digits !== '' ? digits : null;
}
