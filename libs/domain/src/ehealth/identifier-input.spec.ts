import { describe, expect, it } from '@jest/globals';
import { parseEhealthIdentifier } from './identifier-input.js';

describe('parseEhealthIdentifier', () => {
  it.each([
    ['CBE', 'BE0566.988.259', { type: 'CBE', value: '0566988259', checkDigits: 'valid' }],
    ['cbe', '0566 988 259', { type: 'CBE', value: '0566988259', checkDigits: 'valid' }],
    [
      'NIHII-AMBU_SERVICE',
      '79609977',
      { type: 'NIHII-AMBU_SERVICE', value: '79609977', checkDigits: 'valid' },
    ],
    ['NIHII-GROUP', '7-1000-436', { type: 'NIHII-GROUP', value: '71000436', checkDigits: 'valid' }],
    [
      'NIHII-AMBU_SERVICE',
      '79609978',
      { type: 'NIHII-AMBU_SERVICE', value: '79609978', checkDigits: 'unverified' },
    ],
    ['EHP', '1990001916', { type: 'EHP', value: '1990001916', checkDigits: null }],
    ['SSIN', '01.05.03-998.64', { type: 'SSIN', value: '01050399864', checkDigits: 'valid' }],
    ['SITE', '1234', { type: 'SITE', value: '1234', checkDigits: null }],
  ])('%s %s is %j', (type, value, expected) => {
    expect(parseEhealthIdentifier(type, value)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['FOO', '123', 'UNKNOWN_TYPE'],
    ['CBE', '0566988258', 'CHECK_DIGITS'],
    ['CBE', '0566A88259', 'INVALID_VALUE'],
    ['NIHII-AMBU_SERVICE', '7960997', 'WRONG_LENGTH'],
    ['NIHII-AMBU_SERVICE', '79609977123', 'WRONG_LENGTH'],
    ['EHP', '199000191', 'WRONG_LENGTH'],
    ['EHP', '19900O1916', 'INVALID_VALUE'],
    ['SSIN', '01050399865', 'CHECK_DIGITS'],
  ])('%s %s is refused: %s', (type, value, reason) => {
    const result = parseEhealthIdentifier(type, value);
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.message).toMatch(/\S/);
  });
});
