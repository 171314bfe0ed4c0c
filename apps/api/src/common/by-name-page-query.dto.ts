import { PageAfter, PageLimit } from './page-query.js';

/** A list by name, then id (the organisations, the people), a page at a time: its `limit` and `after`. */
export class ByNamePageQueryDto {
  @PageLimit('At most this many, by name. Without it, every one at once.')
  limit?: number;

  @PageAfter('Only those after this one by name: the last id of the page before.')
  after?: string;
}
