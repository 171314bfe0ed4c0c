import { describe, expect, it } from '@jest/globals';
import {
  checkLabelCount,
  labelKey,
  MAX_LABEL_LENGTH,
  MAX_LABELS_PER_CERTIFICATE,
  parseLabel,
} from './labels.js';

describe('parseLabel', () => {
  it('trims, makes inner white space one space, and keys case-insensitively', () => {
    expect(parseLabel('  site   Namur ')).toEqual({
      ok: true,
      value: { name: 'site Namur', key: 'site namur' },
    });
    const a = parseLabel('MyCareNet');
    const b = parseLabel('mycarenet');
    expect(a.ok && b.ok && a.value.key === b.value.key).toBe(true);
    expect(a.ok && a.value.name).toBe('MyCareNet');
  });

  it('keeps accents and writes them one way (NFC)', () => {
    const composed = parseLabel('Hôpital');
    const decomposed = parseLabel('Ho\u0302pital');
    expect(composed.ok && decomposed.ok && composed.value.key === decomposed.value.key).toBe(true);
    expect(labelKey('ÉRASME')).toBe('érasme');
  });

  it('refuses empty and blank labels', () => {
    expect(parseLabel('')).toMatchObject({ ok: false, reason: 'EMPTY' });
    expect(parseLabel('   ')).toMatchObject({ ok: false, reason: 'EMPTY' });
  });

  it(`takes ${MAX_LABEL_LENGTH} characters, counted as characters (not UTF-16 units), and refuses one more`, () => {
    expect(parseLabel('a'.repeat(MAX_LABEL_LENGTH)).ok).toBe(true);
    expect(parseLabel('🏥'.repeat(MAX_LABEL_LENGTH)).ok).toBe(true);
    expect(parseLabel('a'.repeat(MAX_LABEL_LENGTH + 1))).toMatchObject({ ok: false, reason: 'TOO_LONG' });
    expect(parseLabel('x'.repeat(10_000))).toMatchObject({ ok: false, reason: 'TOO_LONG' });
  });

  it.each([
    ['a NUL', 'a\u0000b'],
    ['a line feed', 'Recip-e\nEND:VEVENT'],
    ['a tab', 'a\tb'],
    ['an escape', 'a\u001b[31mred'],
    ['DEL', 'a\u007f'],
    ['a C1 control', 'a\u0085b'],
    ['a right-to-left override', 'site\u202eruman'],
  ])('refuses %s', (_, text) => {
    expect(parseLabel(text)).toMatchObject({ ok: false, reason: 'CONTROL_CHARACTERS' });
  });

  it('refuses what is not text', () => {
    for (const value of [42, null, undefined, ['MyCareNet'], { name: 'MyCareNet' }])
      expect(parseLabel(value)).toMatchObject({ ok: false, reason: 'NOT_TEXT' });
  });
});

describe('checkLabelCount', () => {
  const labels = (n: number) => Array.from({ length: n }, (_, i) => `label ${i}`);

  it(`allows up to ${MAX_LABELS_PER_CERTIFICATE} labels on a certificate`, () => {
    expect(checkLabelCount(labels(MAX_LABELS_PER_CERTIFICATE - 1), ['one more'])).toEqual({
      ok: true,
      value: MAX_LABELS_PER_CERTIFICATE,
    });
    expect(checkLabelCount(labels(MAX_LABELS_PER_CERTIFICATE), ['one more'])).toMatchObject({
      ok: false,
      reason: 'TOO_MANY_LABELS',
    });
  });

  it('does not count a label the certificate already carries, in any spelling', () => {
    expect(checkLabelCount(labels(MAX_LABELS_PER_CERTIFICATE), ['LABEL 3']).ok).toBe(true);
  });
});
