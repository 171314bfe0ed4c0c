import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CERTIFICATE_STATUSES, isRenewalOpen, RENEWAL_PHASES } from '@certdesk/domain';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Clock } from '../core/clock.js';
import type { OverviewDto } from './overview.dto.js';
import { NOT_READY_ORGANISATIONS_LIMIT } from './overview-sql.js';
import { OverviewRepository } from './overview.repository.js';

export class GetOverviewQuery extends Query<OverviewDto> {
  constructor(
    readonly actor: Actor,
    readonly organisationId: string | undefined,
  ) {
    super();
  }
}

@QueryHandler(GetOverviewQuery)
export class GetOverviewHandler implements IQueryHandler<GetOverviewQuery> {
  constructor(
    private readonly overview: OverviewRepository,
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
    const [row, notReady] = await Promise.all([
      this.overview.summary(scope, now),
      this.overview.notReadyWithinHorizon(scope, this.config.readiness, now, NOT_READY_ORGANISATIONS_LIMIT),
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
        notReady: notReady.notReady,
        organisations: notReady.organisations,
        byOrganisation: notReady.first,
      },
    };
  }
}
