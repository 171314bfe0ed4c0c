import { describe, expect, it } from '@jest/globals';
import { readingUnits } from './reading-units.js';

const isLight = (name: string) => name.endsWith('.pem');

describe('readingUnits', () => {
  it('puts consecutive light files together, at most perTask, and reads every other file alone', () => {
    expect(readingUnits(['a.pem', 'b.pem', 'c.pem', 'k.p12', 'd.pem'], isLight, 2)).toEqual([
      { light: ['a.pem', 'b.pem'] },
      { light: ['c.pem'] },
      { alone: 'k.p12' },
      { light: ['d.pem'] },
    ]);
  });

  it('keeps the files in their order, one unit after another', () => {
    const files = ['k1.p12', 'a.pem', 'k2.p12', 'k3.p12', 'b.pem', 'c.pem'];
    const units = readingUnits(files, isLight, 64);
    expect(units.flatMap((unit) => unit.light ?? [unit.alone])).toEqual(files);
  });

  it('answers no unit for no file', () => {
    expect(readingUnits([], isLight, 64)).toEqual([]);
  });
});
