import { describe, expect, it } from '@jest/globals';
import { matchOrganisations, organisationNamed, searchableOrganisations } from './organisation-matches.js';

const list = searchableOrganisations([
  { id: '1', name: 'Zone de secours Liège 2' },
  { id: '2', name: 'Ambulances Dupont' },
  { id: '3', name: 'CHU de Liège' },
  { id: '4', name: 'Liège Ambulances' },
  { id: '5', name: 'ambulances dupont' },
]);
const names = (typed: string, limit = 10) => matchOrganisations(list, typed, limit).matches.map((o) => o.id);

describe('matchOrganisations', () => {
  it('finds a name by any part of it, without case or accents, those starting with it first', () => {
    expect(names('liege')).toEqual(['4', '1', '3']);
    expect(names('LIÈGE')).toEqual(['4', '1', '3']);
    expect(names('  ambulances ')).toEqual(['2', '5', '4']);
  });

  it('takes every word typed, in any order', () => {
    expect(names('liège ambulances')).toEqual(['4']);
    expect(names('ambulances liège')).toEqual(['4']);
    expect(names('dupont zone')).toEqual([]);
  });

  it('answers the first ones and how many matched in all; everything for nothing typed', () => {
    expect(matchOrganisations(list, 'e', 2)).toEqual({
      matches: [expect.objectContaining({ id: '1' }), expect.objectContaining({ id: '2' })],
      total: 5,
    });
    expect(names('')).toEqual(['1', '2', '3', '4', '5']);
  });

  it('takes text no name holds, control characters and regular-expression signs as text', () => {
    expect(names('.*')).toEqual([]);
    expect(names('\u0000\n')).toEqual([]);
    expect(names('(')).toEqual([]);
  });

  it('reads 100,000 names and a long text', () => {
    const many = searchableOrganisations(
      Array.from({ length: 100_000 }, (_, i) => ({ id: String(i), name: `Organisation ${i}` })),
    );
    expect(matchOrganisations(many, 'organisation 9'.repeat(200), 20).total).toBe(0);
    const { matches, total } = matchOrganisations(many, 'organisation 9999', 20);
    expect(total).toBe(19);
    expect(matches.map((o) => o.name)).toContain('Organisation 9999');
    expect(matches).toHaveLength(19);
  });
});

describe('organisationNamed', () => {
  it('answers the one organisation named exactly so, none when two are, or none is', () => {
    expect(organisationNamed(list, 'chu de liege')?.id).toBe('3');
    expect(organisationNamed(list, 'Ambulances Dupont')).toBeUndefined();
    expect(organisationNamed(list, 'CHU')).toBeUndefined();
    expect(organisationNamed(list, '')).toBeUndefined();
  });
});
