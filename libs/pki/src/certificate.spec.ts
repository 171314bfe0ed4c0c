import { describe, expect, it } from '@jest/globals';
import { serialDecimal, serialHex } from './certificate.js';

describe('serial numbers', () => {
  it.each([
    ['00', '00'],
    ['01', '01'],
    ['0a1b', '0a1b'],
    ['008f12', '8f12'], // the DER sign byte is not part of the number
    ['7f', '7f'],
    ['ff', '-01'], // negative: openssl prints the magnitude after '-'
    ['ff7f', '-81'],
  ])('DER content %s prints as %s', (der, expected) => {
    expect(serialHex(Buffer.from(der, 'hex'))).toBe(expected);
  });

  it.each([
    ['0a', '10'],
    ['75f4e2c4b8a9d3e1', '8499667731294573537'],
    ['-01', '-1'],
  ])('hex %s is %s in decimal (the ETK alias)', (hex, decimal) => {
    expect(serialDecimal(hex)).toBe(decimal);
  });
});
