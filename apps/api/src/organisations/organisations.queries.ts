import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { OrganisationEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { NotFoundError } from '../common/errors.js';
import { OrganisationView } from './organisation-view.js';
import type { OrganisationDto } from './organisations.dto.js';

export class ListOrganisationsQuery extends Query<OrganisationDto[]> {
  constructor(readonly actor: Actor) {
    super();
  }
}

export class GetOrganisationQuery extends Query<OrganisationDto> {
  constructor(
    readonly actor: Actor,
    readonly organisationId: string,
  ) {
    super();
  }
}

@QueryHandler(ListOrganisationsQuery)
export class ListOrganisationsHandler implements IQueryHandler<ListOrganisationsQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly view: OrganisationView,
  ) {}

  async execute({ actor }: ListOrganisationsQuery): Promise<OrganisationDto[]> {
    const visible = this.access.visibleOrganisationIds(actor);
    const organisations = await this.db
      .getRepository(OrganisationEntity)
      .find({ where: visible === null ? {} : { id: In(visible) }, order: { name: 'ASC' } });
    return this.view.load(this.db.manager, organisations);
  }
}

@QueryHandler(GetOrganisationQuery)
export class GetOrganisationHandler implements IQueryHandler<GetOrganisationQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly view: OrganisationView,
  ) {}

  async execute({ actor, organisationId }: GetOrganisationQuery): Promise<OrganisationDto> {
    this.access.require(actor, 'organisation.read', organisationId, 'organisation');
    const organisation = await this.db.getRepository(OrganisationEntity).findOneBy({ id: organisationId });
    if (!organisation) throw new NotFoundError('organisation');
    const [dto] = await this.view.load(this.db.manager, [organisation]);
    return dto!;
  }
}
