import { describe, expect, it } from '@jest/globals';
import { groupBy } from './group-by.js';

describe('groupBy', () => {
  it('groups by key in one pass, each group in the order of the items, keys in order of first sight', () => {
    const rows = [
      { organisationId: 'b', value: 1 },
      { organisationId: 'a', value: 2 },
      { organisationId: 'b', value: 3 },
      { organisationId: 'c', value: 4 },
      { organisationId: 'a', value: 5 },
    ];
    const groups = groupBy(rows, (row) => row.organisationId);
    expect([...groups.keys()]).toEqual(['b', 'a', 'c']);
    expect(groups.get('a')!.map((row) => row.value)).toEqual([2, 5]);
    expect(groups.get('b')!.map((row) => row.value)).toEqual([1, 3]);
    expect(groups.get('c')!.map((row) => row.value)).toEqual([4]);
    expect(groups.get('d')).toBeUndefined();
  });

  it('keeps the rows themselves, and answers an empty map for none', () => {
    const row = { id: 'x' };
    expect(groupBy([row], (r) => r.id).get('x')![0]).toBe(row);
    expect(groupBy([], () => 'x').size).toBe(0);
  });
});
