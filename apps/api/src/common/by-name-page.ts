import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** One page of a list by name, then id (the organisations, the people), optionally searched. */
export interface ByNamePage {
  q?: string;
  /** Only the rows after this one, by name then id. */
  after?: string;
  limit?: number;
}

/**
 * Orders `query`'s rows (of a table with `name` and `id`) by name, then id, the order their `(name, id)` index keeps,
 * and keeps one page of them: those after `page.after`, at most `page.limit`. The search (`page.q`) is the caller's:
 * what it reads differs per list.
 */
export function pagedByName<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  page: ByNamePage,
): SelectQueryBuilder<T> {
  const { name: alias, metadata } = query.expressionMap.mainAlias!;
  if (page.after) {
    query.andWhere(
      `(${alias}.name, ${alias}.id) > (SELECT a.name, a.id FROM "${metadata.tableName}" a WHERE a.id = :after)`,
      { after: page.after },
    );
  }
  query.orderBy(`${alias}.name`, 'ASC').addOrderBy(`${alias}.id`, 'ASC');
  return page.limit ? query.limit(page.limit) : query;
}
