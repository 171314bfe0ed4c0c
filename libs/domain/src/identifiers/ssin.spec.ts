import { describe, expect, it } from '@jest/globals';
import { formatSsin, maskSsin, parseSsin, type Ssin, type SsinInvalidReason } from './ssin.js';

describe('parseSsin: valid numbers', () => {
  it.each<[string, string, Omit<Ssin, 'normalized'>]>([
    // The Web eID test card's SSIN: born 3 May 2001, check digits on "2" + 9 digits.
    [
      'Web eID test SSIN',
      '01050399864',
      { kind: 'national-register', birthDate: '2001-05-03', bornIn2000OrLater: true },
    ],
    ['1985', '85010112387', { kind: 'national-register', birthDate: '1985-01-01', bornIn2000OrLater: false }],
    // The same first 9 digits with the 19xx check digits: someone born in 1901. Only the check digits tell.
    [
      'Web eID digits, 19xx check digits',
      '01050399835',
      { kind: 'national-register', birthDate: '1901-05-03', bornIn2000OrLater: false },
    ],
    ['1930', '30010100124', { kind: 'national-register', birthDate: '1930-01-01', bornIn2000OrLater: false }],
    [
      'last day of 1999',
      '99123100168',
      { kind: 'national-register', birthDate: '1999-12-31', bornIn2000OrLater: false },
    ],
    [
      'first day of 2000',
      '00010100105',
      { kind: 'national-register', birthDate: '2000-01-01', bornIn2000OrLater: true },
    ],
    ['2023', '23061599876', { kind: 'national-register', birthDate: '2023-06-15', bornIn2000OrLater: true }],
    [
      '31 December',
      '85123199739',
      { kind: 'national-register', birthDate: '1985-12-31', bornIn2000OrLater: false },
    ],
    // Leap days: 2000 is a leap year (divisible by 400), 1996 and 2004 are.
    [
      'leap day 2000',
      '00022900244',
      { kind: 'national-register', birthDate: '2000-02-29', bornIn2000OrLater: true },
    ],
    [
      'leap day 1996',
      '96022900390',
      { kind: 'national-register', birthDate: '1996-02-29', bornIn2000OrLater: false },
    ],
    [
      'leap day 2004',
      '04022900528',
      { kind: 'national-register', birthDate: '2004-02-29', bornIn2000OrLater: true },
    ],
    // BIS numbers: month + 20 (sex unknown) or + 40 (sex known).
    ['BIS +20', '85210112333', { kind: 'bis', birthDate: '1985-01-01', bornIn2000OrLater: false }],
    ['BIS +40', '85410112475', { kind: 'bis', birthDate: '1985-01-01', bornIn2000OrLater: false }],
    ['BIS +40 born 2001', '01450399853', { kind: 'bis', birthDate: '2001-05-03', bornIn2000OrLater: true }],
    [
      'BIS +40 leap day 2000',
      '00422900233',
      { kind: 'bis', birthDate: '2000-02-29', bornIn2000OrLater: true },
    ],
    // Dates that are not fully known: month or day 00, or nothing known (YY0001).
    [
      'month unknown (or day counter exhausted)',
      '85000012313',
      { kind: 'national-register', birthDate: null, bornIn2000OrLater: false },
    ],
    ['day unknown', '85010012320', { kind: 'national-register', birthDate: null, bornIn2000OrLater: false }],
    ['BIS +20, month unknown', '85200012356', { kind: 'bis', birthDate: null, bornIn2000OrLater: false }],
    ['BIS +40, month unknown', '85400012302', { kind: 'bis', birthDate: null, bornIn2000OrLater: false }],
    [
      'date unknown, 19xx',
      '00000112341',
      { kind: 'national-register', birthDate: null, bornIn2000OrLater: false },
    ],
    [
      'date unknown, 20xx',
      '00000112370',
      { kind: 'national-register', birthDate: null, bornIn2000OrLater: true },
    ],
    // Check digits 97 (first 9 digits a multiple of 97): "97", never "00".
    [
      'check digits 97',
      '85010111397',
      { kind: 'national-register', birthDate: '1985-01-01', bornIn2000OrLater: false },
    ],
    [
      'check digits 97, 20xx',
      '05010111197',
      { kind: 'national-register', birthDate: '2005-01-01', bornIn2000OrLater: true },
    ],
  ])('%s: %s', (_label, input, expected) => {
    expect(parseSsin(input)).toEqual({ ok: true, value: { normalized: input, ...expected } });
  });

  it.each([
    ['85.01.01-123.87', '85010112387'],
    ['85 01 01 123 87', '85010112387'],
    ['850101-123-87', '85010112387'],
    ['850101 123.87', '85010112387'],
    ['  01050399864  ', '01050399864'],
    ['01.05.03-998.64', '01050399864'],
    ['01\u00a005\u00a003\u00a0998\u00a064', '01050399864'],
    ['\t85010112387\n', '85010112387'],
  ])('accepts the separators in %j', (input, normalized) => {
    const result = parseSsin(input);
    expect(result.ok && result.value.normalized).toBe(normalized);
  });
});

describe('parseSsin: invalid numbers, each with its reason', () => {
  it.each<[string, string, SsinInvalidReason]>([
    ['empty', '', 'EMPTY'],
    ['only spaces', '   ', 'EMPTY'],
    ['letters', '85O10112387', 'INVALID_CHARACTERS'],
    ['a letter at the end', '8501011238A', 'INVALID_CHARACTERS'],
    ['slashes are not SSIN separators', '85/01/01/123/87', 'INVALID_CHARACTERS'],
    ['plus sign', '+85010112387', 'INVALID_CHARACTERS'],
    ['10 digits', '8501011238', 'WRONG_LENGTH'],
    ['12 digits', '850101123870', 'WRONG_LENGTH'],
    ['a CBE number', '0566.988.259', 'WRONG_LENGTH'],
    ['month 13', '85130112374', 'INVALID_DATE'],
    ['month 33 (BIS range ends at 32)', '85330112320', 'INVALID_DATE'],
    ['month 19', '85190112345', 'INVALID_DATE'],
    ['month 53', '85530112345', 'INVALID_DATE'],
    ['month 99', '85990112345', 'INVALID_DATE'],
    ['day 32', '85013212330', 'INVALID_DATE'],
    ['31 April', '85043112381', 'INVALID_DATE'],
    // 29 February only in leap years: 1900 is not one (divisible by 100, not by 400), 1997 and 2001 are not.
    ['29 February 1900 (check digits of the 19xx rule)', '00022900215', 'INVALID_DATE'],
    ['29 February 1900, BIS +20', '00222900258', 'INVALID_DATE'],
    ['29 February 1997', '97022900314', 'INVALID_DATE'],
    ['29 February 2001', '01022900562', 'INVALID_DATE'],
    ['wrong check digits', '85010112388', 'CHECK_DIGITS'],
    ['two digits swapped', '85010112378', 'CHECK_DIGITS'],
    ['DOMAIN.md illustration (not a real number)', '85010112345', 'CHECK_DIGITS'],
    ['all zeros', '00000000000', 'CHECK_DIGITS'],
  ])('%s: %j', (_label, input, reason) => {
    const result = parseSsin(input);
    expect(result).toMatchObject({ ok: false, reason });
    expect(result.ok || result.message.length > 10).toBe(true);
  });

  it('never repeats the number in its message (personal data)', () => {
    for (const input of ['85010112388', '85043112381', '8501011238', '85O10112387']) {
      const result = parseSsin(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).not.toContain(input);
    }
  });

  it('reads null and undefined from untyped callers as empty', () => {
    expect(parseSsin(null as unknown as string)).toMatchObject({ ok: false, reason: 'EMPTY' });
    expect(parseSsin(undefined as unknown as string)).toMatchObject({ ok: false, reason: 'EMPTY' });
  });
});

describe('formatSsin', () => {
  it('writes the printed form', () => {
    expect(formatSsin('85010112387')).toBe('85.01.01-123.87');
    expect(formatSsin('01050399864')).toBe('01.05.03-998.64');
  });
});

describe('maskSsin', () => {
  it.each([
    ['85010112387', '850101-***-**'],
    ['85.01.01-123.87', '850101-***-**'],
    ['01050399864', '010503-***-**'],
    // Masking does not validate: a mistyped number is masked the same way.
    ['85010112388', '850101-***-**'],
    ['8501011238', '******-***-**'],
    ['abc', '******-***-**'],
    ['', '******-***-**'],
    ['850101123870', '******-***-**'],
  ])('%j -> %j', (input, masked) => {
    expect(maskSsin(input)).toBe(masked);
  });

  it('never throws, whatever it is given', () => {
    for (const input of [null, undefined, 42, {}, [], 'é', '\u0000']) {
      expect(() => maskSsin(input as unknown as string)).not.toThrow();
      expect(maskSsin(input as unknown as string)).toBe('******-***-**');
    }
  });
});
