import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryPrepared, readWithoutJit } from '@certdesk/persistence';
import { SqlParams } from '../certificates/list/sql-params.js';
import { type RankedWarningRow, rankedWarningsStatement } from './ranked-warnings-sql.js';
import { type WarningGroupRow, type WarningGroupsPage, warningGroupsSql } from './warning-groups-sql.js';
import type { WarningMuteFilter } from './warning-mute-sql.js';
import type { WarningCode } from './warnings-sql.js';

/**
 * The warnings' reads: their one door to Postgres. Read-only, each one statement in a transaction of its own, without
 * JIT (readWithoutJit: compiling them took longer than running them at 1,000,000 certificates). `scope` null = every
 * organisation.
 */
@Injectable()
export class WarningsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The first `limit` warnings `muted` keeps, most severe first (ranked-warnings-sql.ts), each with its organisation's name. */
  ranked(
    scope: string[] | null,
    now: Date,
    codes: readonly WarningCode[] | undefined,
    limit: number,
    muted: WarningMuteFilter = 'include',
  ): Promise<RankedWarningRow[]> {
    // Custom plans: this statement's generic plan, which Postgres picks after five runs on a connection, read 3x
    // longer (libs/persistence CUSTOM_PLANS_SQL).
    return readWithoutJit(
      this.db,
      (manager) =>
        queryPrepared<RankedWarningRow>(manager, rankedWarningsStatement(scope, now, codes, limit, muted)),
      { customPlans: true },
    );
  }

  /** One page of the warnings grouped by organisation and code (warning-groups-sql.ts). */
  async groups(
    scope: string[] | null,
    now: Date,
    codes: readonly WarningCode[] | undefined,
    page: WarningGroupsPage,
  ): Promise<WarningGroupRow[]> {
    const params = new SqlParams();
    const text = warningGroupsSql(params, scope, now, codes, page);
    return readWithoutJit(
      this.db,
      async (manager) => (await manager.query(text, params.values)) as WarningGroupRow[],
    );
  }
}
