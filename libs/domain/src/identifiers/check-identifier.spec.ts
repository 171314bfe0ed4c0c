import { describe, expect, it } from '@jest/globals';
import { checkIdentifier, type IdentifierCheck, type IdentifierKind } from './check-identifier.js';

describe('checkIdentifier (certdesk check ssin|cbe|nihii)', () => {
  it.each<[IdentifierKind, string, Pick<IdentifierCheck, 'valid' | 'normalized' | 'reason'>]>([
    ['ssin', '01050399864', { valid: true, normalized: '01050399864', reason: null }],
    ['ssin', '01.05.03-998.64', { valid: true, normalized: '01050399864', reason: null }],
    ['ssin', '01050399865', { valid: false, normalized: null, reason: 'CHECK_DIGITS' }],
    ['ssin', '0105039986', { valid: false, normalized: null, reason: 'WRONG_LENGTH' }],
    ['ssin', '', { valid: false, normalized: null, reason: 'EMPTY' }],
    ['ssin', '01O50399864', { valid: false, normalized: null, reason: 'INVALID_CHARACTERS' }],
    ['ssin', '00022900215', { valid: false, normalized: null, reason: 'INVALID_DATE' }],
    ['cbe', '0566.988.259', { valid: true, normalized: '0566988259', reason: null }],
    ['cbe', 'BE0566988259', { valid: true, normalized: '0566988259', reason: null }],
    ['cbe', '0566.988.258', { valid: false, normalized: null, reason: 'CHECK_DIGITS' }],
    ['cbe', '2000000042', { valid: false, normalized: null, reason: 'INVALID_FIRST_DIGIT' }],
    ['nihii', '79609977', { valid: true, normalized: '79609977', reason: null }],
    ['nihii', '71000436', { valid: true, normalized: '71000436', reason: null }],
    ['nihii', '5/38861/71/521', { valid: true, normalized: '53886171521', reason: null }],
    // Unverified: not valid, but with its normalised value and a reason that says it could not be verified.
    ['nihii', '79609978', { valid: false, normalized: '79609978', reason: 'CHECK_DIGITS_UNVERIFIED' }],
    ['nihii', '7960997', { valid: false, normalized: null, reason: 'WRONG_LENGTH' }],
  ])('%s %j', (kind, input, expected) => {
    const check = checkIdentifier(kind, input);
    expect(check).toMatchObject({ kind, input, ...expected });
    expect(check.message === null).toBe(check.valid);
  });

  it('says in words that an unverified NIHII number could not be verified', () => {
    expect(checkIdentifier('nihii', '79609978').message).toMatch(/could not be verified/);
  });

  it('keeps the fields in the order the CLI prints them', () => {
    expect(Object.keys(checkIdentifier('cbe', '0566988259'))).toEqual([
      'kind',
      'input',
      'valid',
      'normalized',
      'reason',
      'message',
    ]);
  });

  it('refuses an unknown kind loudly (a programming error, not bad input)', () => {
    expect(() => checkIdentifier('iban' as IdentifierKind, 'BE00')).toThrow(/Unknown identifier kind/);
  });
});
