import { describe, expect, it } from '@jest/globals';
import { escapeText, maskedText, plainText } from './calendar-text.js';

describe('escapeText', () => {
  it('escapes backslashes, semicolons, commas and newlines', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });

  it('writes every line break, a bare CR included, as \\n, so no text can start a line of its own', () => {
    expect(escapeText('a\r\nb\rEND:VEVENT\nc')).toBe('a\\nb\\nEND:VEVENT\\nc');
  });

  it('leaves no control character but TAB', () => {
    expect(plainText('a\u0000b\u001bc\u007fd\te')).toBe('a b c d\te');
  });
});

describe('maskedText', () => {
  it('masks the SSIN of a keystore file name and of a subject', () => {
    expect(maskedText('SSIN=85073003328 20160226-134804.p12')).toBe('SSIN=850730-***-** 20160226-134804.p12');
    expect(maskedText('CN=Jan Peeters, SERIALNUMBER=85073003328')).toBe(
      'CN=Jan Peeters, SERIALNUMBER=850730-***-**',
    );
  });

  it('masks a valid SSIN standing alone, written with or without separators', () => {
    expect(maskedText('C:\\keys\\85073003328\\ks.p12')).toBe('C:\\keys\\850730-***-**\\ks.p12');
    expect(maskedText('Jan (85.07.30-033.28)')).toBe('Jan (850730-***-**)');
  });

  it('leaves other numbers alone: an 11-digit number that is no SSIN, a timestamp, a NIHII number', () => {
    for (const text of ['ref 12345678901', 'NIHII-AMBU_SERVICE=79609977 20190507-144322.p12'])
      expect(maskedText(text)).toBe(text);
  });
});
