import { describe, expect, it } from '@jest/globals';
import type { PreparedFile } from './file-importer.js';
import { writeBatches } from './write-batches.js';

const ready = (name: string, certificates: number): PreparedFile =>
  ({
    ready: { file: { name }, certificates: Array.from({ length: certificates }) },
  }) as unknown as PreparedFile;
const answered = (name: string): PreparedFile => ({ answer: { name } }) as unknown as PreparedFile;
const names = (batches: ReturnType<typeof writeBatches>) => batches.map((b) => b.map((f) => f.file.name));

describe('writeBatches', () => {
  it('groups the files to write, in order, by about the given number of certificates', () => {
    const files = [ready('a', 1), ready('b', 1), ready('c', 1), ready('d', 1), ready('e', 1)];
    expect(names(writeBatches(files, 2))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('leaves out the files already answered (refused, or nothing to write)', () => {
    expect(names(writeBatches([answered('x'), ready('a', 1), answered('y')], 10))).toEqual([['a']]);
    expect(writeBatches([answered('x')], 10)).toEqual([]);
  });

  it('never splits a file: a large one makes a batch of its own, a little over the size', () => {
    expect(names(writeBatches([ready('a', 1), ready('big', 5000), ready('b', 1)], 1000))).toEqual([
      ['a', 'big'],
      ['b'],
    ]);
  });
});
