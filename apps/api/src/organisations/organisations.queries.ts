import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import type { ByNamePage } from '../common/by-name-page.js';
import { NotFoundError } from '../common/errors.js';
import { OrganisationView } from './organisation-view.js';
import type { OrganisationDto } from './organisations.dto.js';
import { type OrganisationName, OrganisationsRepository } from './organisations.repository.js';

export class ListOrganisationsQuery extends Query<OrganisationDto[]> {
  constructor(
    readonly actor: Actor,
    readonly page: ByNamePage = {},
  ) {
    super();
  }
}

/** Every organisation the actor sees, by name: its id and name alone (the dashboard's names and choices). */
export class ListOrganisationNamesQuery extends Query<OrganisationName[]> {
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
    private readonly organisations: OrganisationsRepository,
    private readonly access: AccessPolicy,
    private readonly view: OrganisationView,
  ) {}

  async execute({ actor, page }: ListOrganisationsQuery): Promise<OrganisationDto[]> {
    // The page starts after an organisation the actor must see: another tenant's would tell where its name sorts.
    if (page.after) this.access.require(actor, 'organisation.read', page.after, 'organisation');
    const organisations = await this.organisations.list(this.access.visibleOrganisationIds(actor), page);
    return this.view.load(this.db.manager, organisations);
  }
}

@QueryHandler(ListOrganisationNamesQuery)
export class ListOrganisationNamesHandler implements IQueryHandler<ListOrganisationNamesQuery> {
  constructor(
    private readonly organisations: OrganisationsRepository,
    private readonly access: AccessPolicy,
  ) {}

  execute({ actor }: ListOrganisationNamesQuery): Promise<OrganisationName[]> {
    return this.organisations.names(this.access.visibleOrganisationIds(actor));
  }
}

@QueryHandler(GetOrganisationQuery)
export class GetOrganisationHandler implements IQueryHandler<GetOrganisationQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly organisations: OrganisationsRepository,
    private readonly access: AccessPolicy,
    private readonly view: OrganisationView,
  ) {}

  async execute({ actor, organisationId }: GetOrganisationQuery): Promise<OrganisationDto> {
    this.access.require(actor, 'organisation.read', organisationId, 'organisation');
    const organisation = await this.organisations.byId(organisationId);
    if (!organisation) throw new NotFoundError('organisation');
    const [dto] = await this.view.load(this.db.manager, [organisation]);
    return dto!;
  }
}
