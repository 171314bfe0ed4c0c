import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ReadinessPolicy } from '@certdesk/domain';
import { readWithoutJit } from '@certdesk/persistence';
import { notReadyWithinHorizonSql } from '../certificates/readiness/readiness-sql.js';
import type { NotReadyOrganisationDto, OrganisationAtRiskDto } from './overview.dto.js';
import { OVERVIEW_SETTINGS_SQL, overviewSql } from './overview-sql.js';

/** overviewSql's one row. */
export interface OverviewRow {
  statuses: Record<string, number>;
  months: { month: string; count: number }[];
  at_risk: OrganisationAtRiskDto[];
  renewals: Record<string, number>;
}

/**
 * The overview's reads (the certificate tallies and what they are corrected by): its one door to Postgres. Read-only,
 * each in a statement or transaction of its own. `scope` null = every organisation.
 */
@Injectable()
export class OverviewRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Statuses, expiries per month, organisations at risk, open renewals (overviewSql), null when no row came. */
  summary(scope: string[] | null, now: Date): Promise<OverviewRow | undefined> {
    const { text, values } = overviewSql(scope, now);
    return this.db.transaction(async (manager) => {
      await manager.query(OVERVIEW_SETTINGS_SQL);
      const [row] = (await manager.query(text, values)) as OverviewRow[];
      return row;
    });
  }

  /**
   * The active certificates within the digest horizon that are not ready: how many, in how many organisations, and
   * the first `limit` organisations, most first.
   */
  async notReadyWithinHorizon(
    scope: string[] | null,
    policy: ReadinessPolicy,
    now: Date,
    limit: number,
  ): Promise<{ notReady: number; organisations: number; first: NotReadyOrganisationDto[] }> {
    const { text, values } = notReadyWithinHorizonSql(scope, policy, now, limit);
    const rows = await readWithoutJit(
      this.db,
      async (manager) =>
        (await manager.query(text, values)) as (NotReadyOrganisationDto & {
          notReadyTotal: number;
          organisations: number;
        })[],
    );
    return {
      notReady: rows[0]?.notReadyTotal ?? 0,
      organisations: rows[0]?.organisations ?? 0,
      first: rows.map(({ organisationId, name, count }) => ({ organisationId, name, count })),
    };
  }
}
