// How many production certificates a holder may have (seed 003/004 terms of use): one for a natural person,
// ten for an organisation; beyond that the eHealth platform may sanction. Acceptance certificates have their
// own limit on test cases, which the sources do not quantify.

export const PRODUCTION_LIMITS = { person: 1, organisation: 10 } as const;

export interface ProductionLimitCheck {
  holder: 'person' | 'organisation';
  used: number;
  limit: number;
  /** More certificates than allowed. */
  exceeded: boolean;
  /** How many more may be requested (0 at or over the limit). */
  remaining: number;
}

export function checkProductionLimit(input: {
  holder: 'person' | 'organisation';
  used: number;
}): ProductionLimitCheck {
  const { holder, used } = input;
  if (holder !== 'person' && holder !== 'organisation') {
    throw new RangeError(`holder must be "person" or "organisation", got "${String(holder)}".`);
  }
  if (!Number.isInteger(used) || used < 0)
    throw new RangeError(`used must be a whole number >= 0, got ${used}.`);
  const limit = PRODUCTION_LIMITS[holder];
  return { holder, used, limit, exceeded: used > limit, remaining: Math.max(0, limit - used) };
}
