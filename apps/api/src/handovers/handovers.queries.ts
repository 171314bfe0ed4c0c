import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { HandoverState } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import type { NewestFirstPage } from '../common/newest-first-page.js';
import type { HandoverDto } from './handover.dto.js';
import { HandoverLoader } from './handover-loader.js';
import { HandoverView } from './handover-view.js';
import { HandoversRepository } from './handovers.repository.js';

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
    readonly filter: { organisationId?: string | undefined; state?: HandoverState | undefined },
    readonly page: NewestFirstPage = {},
  ) {
    super();
  }
}

/**
 * The caller's organisations' handovers, most recently opened first; an organisationId filter naming one they
 * cannot see answers 404, like the organisation itself would, and so does a page after another tenant's handover.
 */
@QueryHandler(ListHandoversQuery)
export class ListHandoversHandler implements IQueryHandler<ListHandoversQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly handovers: HandoversRepository,
    private readonly loader: HandoverLoader,
    private readonly view: HandoverView,
  ) {}

  async execute({ actor, filter, page }: ListHandoversQuery): Promise<HandoverDto[]> {
    if (filter.organisationId)
      this.access.require(actor, 'handover.read', filter.organisationId, 'organisation');
    if (page.after) await this.loader.load(this.db.manager, actor, page.after, 'handover.read');
    const visible = this.access.visibleOrganisationIds(actor, 'handover.read');
    const found = await this.handovers.list(this.db.manager, visible, filter, page);
    return this.view.load(this.db.manager, found);
  }
}
