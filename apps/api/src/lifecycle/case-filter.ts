import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** What a list of cases (renewals, new requests, handovers) is narrowed to; `open` means any of `openStates`. */
export interface CaseFilter {
  organisationId?: string | undefined;
  state?: string | undefined;
}

/**
 * Narrows a query of cases (alias with `organisationId` and `state`) to `organisationIds` (every organisation when
 * null) and to the filter. Who may see what is the caller's question (AccessPolicy); this is its SQL.
 */
export function whereCases<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  organisationIds: readonly string[] | null,
  filter: CaseFilter,
  openStates: readonly string[] = [],
): SelectQueryBuilder<T> {
  const alias = query.alias;
  if (organisationIds !== null)
    query.andWhere(`${alias}.organisationId = ANY(:visible)`, { visible: [...organisationIds] });
  if (filter.organisationId)
    query.andWhere(`${alias}.organisationId = :organisationId`, { organisationId: filter.organisationId });
  if (filter.state === 'open')
    query.andWhere(`${alias}.state = ANY(:openStates)`, { openStates: [...openStates] });
  else if (filter.state) query.andWhere(`${alias}.state = :state`, { state: filter.state });
  return query;
}
