import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import type { NewestFirstPage } from '../common/newest-first-page.js';
import type { CaseFilter } from './case-filter.js';
import { CaseLoader } from './case-loaders.js';
import type { NewRequestDto, RenewalCaseDto } from './lifecycle.dto.js';
import { NewRequestView, RenewalCaseView } from './lifecycle-views.js';
import { NewRequestsRepository } from './new-requests.repository.js';
import { RenewalCasesRepository } from './renewal-cases.repository.js';

export class ListRenewalsQuery extends Query<RenewalCaseDto[]> {
  constructor(
    readonly actor: Actor,
    readonly filter: CaseFilter,
    readonly page: NewestFirstPage = {},
  ) {
    super();
  }
}

export class ListNewRequestsQuery extends Query<NewRequestDto[]> {
  constructor(
    readonly actor: Actor,
    readonly filter: CaseFilter,
    readonly page: NewestFirstPage = {},
  ) {
    super();
  }
}

/**
 * The organisations whose cases the actor may list. An organisationId filter naming one they cannot see answers 404,
 * like the organisation itself would.
 */
function readableOrganisations(
  access: AccessPolicy,
  actor: Actor,
  filter: CaseFilter,
): readonly string[] | null {
  if (filter.organisationId) access.require(actor, 'certificate.read', filter.organisationId, 'organisation');
  return access.visibleOrganisationIds(actor, 'certificate.read');
}

@QueryHandler(ListRenewalsQuery)
export class ListRenewalsHandler implements IQueryHandler<ListRenewalsQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly cases: CaseLoader,
    private readonly renewals: RenewalCasesRepository,
    private readonly view: RenewalCaseView,
  ) {}

  async execute({ actor, filter, page }: ListRenewalsQuery): Promise<RenewalCaseDto[]> {
    const organisationIds = readableOrganisations(this.access, actor, filter);
    // A page after another tenant's case would tell when that case last changed: 404, as a missing one.
    if (page.after) await this.cases.renewal(this.db.manager, actor, page.after, 'certificate.read');
    const found = await this.renewals.list(this.db.manager, organisationIds, filter, page);
    return this.view.load(this.db.manager, found);
  }
}

@QueryHandler(ListNewRequestsQuery)
export class ListNewRequestsHandler implements IQueryHandler<ListNewRequestsQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly cases: CaseLoader,
    private readonly requests: NewRequestsRepository,
    private readonly view: NewRequestView,
  ) {}

  async execute({ actor, filter, page }: ListNewRequestsQuery): Promise<NewRequestDto[]> {
    const organisationIds = readableOrganisations(this.access, actor, filter);
    if (page.after) await this.cases.newRequest(this.db.manager, actor, page.after, 'certificate.read');
    const found = await this.requests.list(this.db.manager, organisationIds, filter, page);
    return this.view.load(this.db.manager, found);
  }
}
