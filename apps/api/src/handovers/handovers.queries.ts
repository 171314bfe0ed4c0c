import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HandoverEntity, type HandoverState } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import type { HandoverDto } from './handover.dto.js';
import { HandoverLoader } from './handover-loader.js';
import { HandoverView } from './handover-view.js';

const LIST_LIMIT = 200;

export class GetHandoverQuery extends Query<HandoverDto> {
  constructor(
    readonly actor: Actor,
    readonly handoverId: string,
  ) {
    super();
  }
}

@QueryHandler(GetHandoverQuery)
export class GetHandoverHandler implements IQueryHandler<GetHandoverQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly handovers: HandoverLoader,
    private readonly view: HandoverView,
  ) {}

  async execute({ actor, handoverId }: GetHandoverQuery): Promise<HandoverDto> {
    const handover = await this.handovers.load(this.db.manager, actor, handoverId, 'handover.read');
    return this.view.loadOne(this.db.manager, handover);
  }
}

export class ListHandoversQuery extends Query<HandoverDto[]> {
  constructor(
    readonly actor: Actor,
    readonly filter: { organisationId?: string; state?: HandoverState },
  ) {
    super();
  }
}

/**
 * The caller's organisations' handovers, most recently opened first (at most 200); an organisationId filter naming
 * one they cannot see answers 404, like the organisation itself would.
 */
@QueryHandler(ListHandoversQuery)
export class ListHandoversHandler implements IQueryHandler<ListHandoversQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly view: HandoverView,
  ) {}

  async execute({ actor, filter }: ListHandoversQuery): Promise<HandoverDto[]> {
    if (filter.organisationId)
      this.access.require(actor, 'handover.read', filter.organisationId, 'organisation');
    const visible = this.access.visibleOrganisationIds(actor, 'handover.read');
    const query = this.db
      .getRepository(HandoverEntity)
      .createQueryBuilder('h')
      .orderBy('h.openedAt', 'DESC')
      .addOrderBy('h.id', 'DESC')
      .limit(LIST_LIMIT);
    if (visible !== null) query.andWhere('h.organisationId = ANY(:visible)', { visible });
    if (filter.organisationId) query.andWhere('h.organisationId = :organisationId', filter);
    if (filter.state) query.andWhere('h.state = :state', filter);
    return this.view.load(this.db.manager, await query.getMany());
  }
}
