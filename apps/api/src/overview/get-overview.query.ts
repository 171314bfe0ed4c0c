import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CERTIFICATE_STATUSES, isRenewalOpen, RENEWAL_PHASES } from '@certdesk/domain';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { notReadyWithinHorizonSql } from '../certificates/readiness/readiness-sql.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Clock } from '../core/clock.js';
import type { NotReadyOrganisationDto, OrganisationAtRiskDto, OverviewDto } from './overview.dto.js';
import { OVERVIEW_SETTINGS_SQL, overviewSql } from './overview-sql.js';

export class GetOverviewQuery extends Query<OverviewDto> {
  constructor(
    readonly actor: Actor,
    readonly organisationId: string | undefined,
  ) {
    super();
  }
}

interface OverviewRow {
  statuses: Record<string, number>;
  months: { month: string; count: number }[];
  at_risk: OrganisationAtRiskDto[];
  renewals: Record<string, number>;
}

@QueryHandler(GetOverviewQuery)
export class GetOverviewHandler implements IQueryHandler<GetOverviewQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ actor, organisationId }: GetOverviewQuery): Promise<OverviewDto> {
    if (organisationId) this.access.require(actor, 'certificate.read', organisationId, 'organisation');
    const scope = organisationId
      ? [organisationId]
      : this.access.visibleOrganisationIds(actor, 'certificate.read');
    const now = this.clock.now();
    const { text, values } = overviewSql(scope, now);
    const notReady = notReadyWithinHorizonSql(scope, this.config.readiness, now);
    const [[row], notReadyRows] = await Promise.all([
      this.db.transaction(async (manager) => {
        await manager.query(OVERVIEW_SETTINGS_SQL);
        return (await manager.query(text, values)) as OverviewRow[];
      }),
      this.db.query(notReady.text, notReady.values) as Promise<NotReadyOrganisationDto[]>,
    ]);
    const byStatus = CERTIFICATE_STATUSES.map((status) => ({ status, count: row?.statuses[status] ?? 0 }));
    return {
      generatedAt: now.toISOString(),
      organisationId: organisationId ?? null,
      total: byStatus.reduce((sum, s) => sum + s.count, 0),
      byStatus,
      expiriesByMonth: row?.months ?? [],
      organisationsAtRisk: row?.at_risk ?? [],
      renewalsInProgress: RENEWAL_PHASES.filter((p) => isRenewalOpen(p.state)).map((p) => ({
        phase: p.phase,
        state: p.state,
        title: p.title,
        count: row?.renewals[p.state] ?? 0,
      })),
      readiness: {
        horizonDays: this.config.readiness.digestFromDays,
        notReady: notReadyRows.reduce((sum, o) => sum + o.count, 0),
        byOrganisation: notReadyRows,
      },
    };
  }
}
