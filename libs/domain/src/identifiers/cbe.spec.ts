import { describe, expect, it } from '@jest/globals';
import { formatCbe, parseCbe, type CbeInvalidReason } from './cbe.js';

describe('parseCbe', () => {
  it.each([
    // The Flemish government's worked example: 05669882 mod 97 = 38, 97 - 38 = 59.
    ['0566.988.259', '0566988259'],
    ['0566988259', '0566988259'],
    ['BE0566988259', '0566988259'],
    ['BE 0566.988.259', '0566988259'],
    ['be0566988259', '0566988259'],
    ['0566 988 259', '0566988259'],
    ['0566-988-259', '0566988259'],
    ['566988259', '0566988259'],
    ['0123.456.749', '0123456749'],
    ['BE0123456749', '0123456749'],
    ['0123456749', '0123456749'],
    ['123456749', '0123456749'],
    ['0403.019.261', '0403019261'],
    ['BE 428759497', '0428759497'],
    // Enterprise numbers now also start with 1.
    ['1000.000.021', '1000000021'],
    // Check digits 97 when the first 8 digits are a multiple of 97.
    ['0100.007.097', '0100007097'],
    ['  0566.988.259  ', '0566988259'],
  ])('%j is %s', (input, normalized) => {
    expect(parseCbe(input)).toEqual({ ok: true, value: { normalized, formatted: formatCbe(normalized) } });
  });

  it('formats as 0123.456.749', () => {
    const result = parseCbe('BE0566988259');
    expect(result.ok && result.value.formatted).toBe('0566.988.259');
  });

  it.each<[string, string, CbeInvalidReason]>([
    ['empty', '', 'EMPTY'],
    ['only BE', 'BE', 'EMPTY'],
    ['letters', '0566.98A.259', 'INVALID_CHARACTERS'],
    ['another country prefix', 'NL0566988259', 'INVALID_CHARACTERS'],
    ['8 digits', '05669882', 'WRONG_LENGTH'],
    ['11 digits', '05669882590', 'WRONG_LENGTH'],
    ['an SSIN', '85010112387', 'WRONG_LENGTH'],
    ['an establishment unit number (starts with 2)', '2000000042', 'INVALID_FIRST_DIGIT'],
    ['wrong check digits', '0566.988.258', 'CHECK_DIGITS'],
    ['digits swapped', '0566.898.259', 'CHECK_DIGITS'],
    ['BIS-like typo', 'BE0123456748', 'CHECK_DIGITS'],
  ])('%s: %j is refused (%s)', (_label, input, reason) => {
    expect(parseCbe(input)).toMatchObject({ ok: false, reason });
  });
});
