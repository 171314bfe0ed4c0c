import { describe, expect, it } from '@jest/globals';
import { parseCbe } from './cbe.js';
import { parseNihii } from './nihii.js';
import { parseSsin } from './ssin.js';
import { withMod97CheckDigits, writtenNumberDigits } from './digits.js';

describe('withMod97CheckDigits', () => {
  it('completes the real-world numbers', () => {
    expect(withMod97CheckDigits('05669882')).toBe('0566988259');
    expect(withMod97CheckDigits('796099')).toBe('79609977');
    expect(withMod97CheckDigits('010503998', { bornIn2000OrLater: true })).toBe('01050399864');
  });

  it('makes numbers the parsers accept, in the century asked for', () => {
    expect(parseCbe(withMod97CheckDigits('07960997')).ok).toBe(true);
    expect(parseNihii(withMod97CheckDigits('710004')).ok).toBe(true);
    const older = parseSsin(withMod97CheckDigits('850101201'));
    const younger = parseSsin(withMod97CheckDigits('050101201', { bornIn2000OrLater: true }));
    expect(older.ok && older.value.birthDate).toBe('1985-01-01');
    expect(younger.ok && younger.value.birthDate).toBe('2005-01-01');
  });
});

describe('writtenNumberDigits', () => {
  it('reads a number as written on paper, separators and VAT prefix left out', () => {
    expect(writtenNumberDigits('0123.456.749')).toBe('0123456749');
    expect(writtenNumberDigits(' 0123 456 749 ')).toBe('0123456749');
    expect(writtenNumberDigits('BE 0123.456.749')).toBe('0123456749');
    expect(writtenNumberDigits('be0123456749')).toBe('0123456749');
    expect(writtenNumberDigits('1-23456-78-901')).toBe('12345678901');
    expect(writtenNumberDigits('796/099')).toBe('796099');
  });

  it('answers null for text that is not a number', () => {
    expect(writtenNumberDigits('Ambulances 4242')).toBeNull();
    expect(writtenNumberDigits('. - /')).toBeNull();
    expect(writtenNumberDigits('')).toBeNull();
    expect(writtenNumberDigits('12a34')).toBeNull();
  });
});
