import { describe, expect, it } from '@jest/globals';
import { parseNihii, type Nihii, type NihiiInvalidReason } from './nihii.js';

describe('parseNihii', () => {
  it.each<[string, string, Nihii]>([
    // Real organisation numbers from DOMAIN.md: 796099 mod 97 = 20, 97 - 20 = 77; 710004 -> 36.
    ['ambulance service', '79609977', { normalized: '79609977', length: 8, checkDigits: 'valid' }],
    ['organisation', '71000436', { normalized: '71000436', length: 8, checkDigits: 'valid' }],
    [
      'person, as printed in seed 003',
      '5/38861/71/521',
      { normalized: '53886171521', length: 11, checkDigits: 'valid' },
    ],
    ['person, no separators', '53886171521', { normalized: '53886171521', length: 11, checkDigits: 'valid' }],
    [
      'person, dots and dashes',
      '1-00000-07-003',
      { normalized: '10000007003', length: 11, checkDigits: 'valid' },
    ],
    ['check digits 97', '10000797', { normalized: '10000797', length: 8, checkDigits: 'valid' }],
    ['spaces', ' 7960 9977 ', { normalized: '79609977', length: 8, checkDigits: 'valid' }],
    // Failing mod 97 is "unverified" (the mod-89 variant may apply), for 8 and for 11 digits, never valid.
    [
      'organisation failing mod 97',
      '79609978',
      { normalized: '79609978', length: 8, checkDigits: 'unverified' },
    ],
    [
      'person failing mod 97',
      '53886172521',
      { normalized: '53886172521', length: 11, checkDigits: 'unverified' },
    ],
    [
      'seed 002 GROUP number prefix with made-up digits',
      '94123400',
      { normalized: '94123400', length: 8, checkDigits: 'unverified' },
    ],
  ])('%s: %j', (_label, input, expected) => {
    expect(parseNihii(input)).toEqual({ ok: true, value: expected });
  });

  it('only the first 8 digits carry the check: the qualification digits of an 11-digit number do not matter', () => {
    for (const qualification of ['000', '003', '521', '999']) {
      const result = parseNihii(`53886171${qualification}`);
      expect(result.ok && result.value.checkDigits).toBe('valid');
    }
  });

  it.each<[string, string, NihiiInvalidReason]>([
    ['empty', '', 'EMPTY'],
    ['spaces only', '   ', 'EMPTY'],
    ['letters', '7960997A', 'INVALID_CHARACTERS'],
    ['a type prefix', 'NIHII=79609977', 'INVALID_CHARACTERS'],
    ['7 digits', '7960997', 'WRONG_LENGTH'],
    ['9 digits', '796099770', 'WRONG_LENGTH'],
    ['10 digits', '7960997700', 'WRONG_LENGTH'],
    ['12 digits', '538861715210', 'WRONG_LENGTH'],
  ])('%s: %j is refused (%s)', (_label, input, reason) => {
    expect(parseNihii(input)).toMatchObject({ ok: false, reason });
  });
});
