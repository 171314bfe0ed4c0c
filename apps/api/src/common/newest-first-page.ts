import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { PageAfter, PageLimit } from './page-query.js';

/** One page of a list most recent first (the renewal cases, the new requests, the handovers). */
export interface NewestFirstPage {
  /** Only the rows after this one, most recent first. */
  after?: string | undefined;
  limit?: number | undefined;
}

/** `limit` and `after` of a list most recent first, for the query DTOs that extend it. */
export class NewestFirstPageQueryDto implements NewestFirstPage {
  @PageLimit('At most this many, most recent first. Without it, every one at once.')
  limit?: number;

  @PageAfter('Only those after this one, most recent first: the last id of the page before.')
  after?: string;
}

/**
 * Orders `query`'s rows by `timeProperty`, most recent first, then by id (the order of their `(time, id)` indexes),
 * and keeps one page: those after `page.after`, at most `page.limit`. The key is read from the row itself, so the
 * timestamp keeps Postgres's microseconds (a JavaScript Date would round them and skip or repeat a row).
 */
export function pagedNewestFirst<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  timeProperty: string,
  page: NewestFirstPage,
): SelectQueryBuilder<T> {
  const { name: alias, metadata } = query.expressionMap.mainAlias!;
  const time = metadata.findColumnWithPropertyName(timeProperty)!.databaseName;
  if (page.after) {
    query.andWhere(
      `(${alias}.${time}, ${alias}.id) < (SELECT a.${time}, a.id FROM "${metadata.tableName}" a WHERE a.id = :after)`,
      { after: page.after },
    );
  }
  query.orderBy(`${alias}.${timeProperty}`, 'DESC').addOrderBy(`${alias}.id`, 'DESC');
  return page.limit ? query.limit(page.limit) : query;
}
