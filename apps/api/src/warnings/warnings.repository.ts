import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { SqlParams } from '../certificates/list/sql-params.js';
import { type RankedWarningRow, rankedWarningsSql } from './ranked-warnings-sql.js';
import { type WarningGroupRow, type WarningGroupsPage, warningGroupsSql } from './warning-groups-sql.js';
import type { WarningCode } from './warnings-sql.js';

/**
 * The warnings' reads: their one door to Postgres. Read-only, each one statement. `scope` null = every organisation.
 */
@Injectable()
export class WarningsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The first `limit` warnings, most severe first (ranked-warnings-sql.ts), each with its organisation's name. */
  ranked(
    scope: string[] | null,
    now: Date,
    codes: readonly WarningCode[] | undefined,
    limit: number,
  ): Promise<RankedWarningRow[]> {
    const params = new SqlParams();
    return this.prepared<RankedWarningRow>(
      rankedWarningsSql(params, scope, now, codes, limit),
      params.values,
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
    return (await this.db.query(
      warningGroupsSql(params, scope, now, codes, page),
      params.values,
    )) as WarningGroupRow[];
  }

  /**
   * `text` as a named prepared statement of the connection: parsing and planning the ranked warnings' dozen branches
   * cost Postgres more than running them (50 ms against 15-30 ms at 100,000 certificates). Named after its text, so
   * each shape (scope or not, codes) is prepared once per connection. TypeORM runs unnamed statements only, hence the
   * pg client underneath.
   */
  private async prepared<Row>(text: string, values: unknown[]): Promise<Row[]> {
    const runner = this.db.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      const name = `warnings_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      return (await client.query({ name, text, values })).rows as Row[];
    } finally {
      await runner.release();
    }
  }
}
