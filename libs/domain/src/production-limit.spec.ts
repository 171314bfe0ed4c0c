import { describe, expect, it } from '@jest/globals';
import { checkProductionLimit, PRODUCTION_LIMITS } from './production-limit.js';

describe('checkProductionLimit', () => {
  it('one certificate for a natural person, ten for an organisation', () => {
    expect(PRODUCTION_LIMITS).toEqual({ person: 1, organisation: 10 });
  });

  it.each([
    ['person', 0, 1, false, 1],
    ['person', 1, 1, false, 0],
    ['person', 2, 1, true, 0],
    ['organisation', 0, 10, false, 10],
    ['organisation', 9, 10, false, 1],
    ['organisation', 10, 10, false, 0],
    ['organisation', 11, 10, true, 0],
    ['organisation', 25, 10, true, 0],
  ] as const)('%s with %i in use', (holder, used, limit, exceeded, remaining) => {
    expect(checkProductionLimit({ holder, used })).toEqual({ holder, used, limit, exceeded, remaining });
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a count of %s', (used) => {
    expect(() => checkProductionLimit({ holder: 'organisation', used })).toThrow(RangeError);
  });

  it('refuses an unknown holder kind', () => {
    expect(() => checkProductionLimit({ holder: 'company' as 'organisation', used: 1 })).toThrow(/holder/);
  });
});
