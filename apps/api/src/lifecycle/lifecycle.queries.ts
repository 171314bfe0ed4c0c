import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { isNewRequestOpen, isRenewalOpen, NEW_REQUEST_STATES, RENEWAL_STATES } from '@certdesk/domain';
import { NewRequestEntity, RenewalCaseEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import type { NewRequestDto, RenewalCaseDto } from './lifecycle.dto.js';
import { NewRequestView, RenewalCaseView } from './lifecycle-views.js';

/** `open` selects every state a case can still move on from. */
export const RENEWAL_STATE_FILTERS = [...RENEWAL_STATES, 'open'] as const;
export const NEW_REQUEST_STATE_FILTERS = [...NEW_REQUEST_STATES, 'open'] as const;

export interface CaseFilter {
  organisationId?: string | undefined;
  state?: string | undefined;
}

export class ListRenewalsQuery extends Query<RenewalCaseDto[]> {
  constructor(
    readonly actor: Actor,
    readonly filter: CaseFilter,
  ) {
    super();
  }
}

export class ListNewRequestsQuery extends Query<NewRequestDto[]> {
  constructor(
    readonly actor: Actor,
    readonly filter: CaseFilter,
  ) {
    super();
  }
}

/**
 * Narrows a case query to the organisations the actor may read; an organisationId filter naming one they cannot
 * see answers 404, like the organisation itself would.
 */
function scoped<T extends object>(
  access: AccessPolicy,
  actor: Actor,
  query: SelectQueryBuilder<T>,
  filter: CaseFilter,
  openStates: readonly string[],
): SelectQueryBuilder<T> {
  if (filter.organisationId) {
    access.require(actor, 'certificate.read', filter.organisationId, 'organisation');
    query.andWhere('x.organisationId = :organisationId', { organisationId: filter.organisationId });
  }
  const visible = access.visibleOrganisationIds(actor, 'certificate.read');
  if (visible !== null) query.andWhere('x.organisationId = ANY(:visible)', { visible });
  if (filter.state === 'open') query.andWhere('x.state IN (:...openStates)', { openStates });
  else if (filter.state) query.andWhere('x.state = :state', { state: filter.state });
  return query;
}

@QueryHandler(ListRenewalsQuery)
export class ListRenewalsHandler implements IQueryHandler<ListRenewalsQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly view: RenewalCaseView,
  ) {}

  async execute({ actor, filter }: ListRenewalsQuery): Promise<RenewalCaseDto[]> {
    const query = scoped(
      this.access,
      actor,
      this.db.getRepository(RenewalCaseEntity).createQueryBuilder('x'),
      filter,
      RENEWAL_STATES.filter(isRenewalOpen),
    )
      .orderBy('x.stateChangedAt', 'DESC')
      .addOrderBy('x.id', 'ASC');
    return this.view.load(this.db.manager, await query.getMany());
  }
}

@QueryHandler(ListNewRequestsQuery)
export class ListNewRequestsHandler implements IQueryHandler<ListNewRequestsQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly view: NewRequestView,
  ) {}

  async execute({ actor, filter }: ListNewRequestsQuery): Promise<NewRequestDto[]> {
    const query = scoped(
      this.access,
      actor,
      this.db.getRepository(NewRequestEntity).createQueryBuilder('x'),
      filter,
      NEW_REQUEST_STATES.filter(isNewRequestOpen),
    )
      .orderBy('x.requestedAt', 'DESC')
      .addOrderBy('x.id', 'ASC');
    return this.view.load(this.db.manager, await query.getMany());
  }
}
