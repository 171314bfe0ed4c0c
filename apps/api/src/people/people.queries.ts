import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import type { ByNamePage } from '../common/by-name-page.js';
import { NotFoundError } from '../common/errors.js';
import { Transactions } from '../core/transactions.js';
import type { PersonDto } from './people.dto.js';
import { PeopleRepository } from './people.repository.js';
import { PersonView } from './person-view.js';

export class ListPeopleQuery extends Query<PersonDto[]> {
  constructor(
    readonly actor: Actor,
    readonly filter: { organisationId?: string; role?: string },
    readonly page: ByNamePage = {},
  ) {
    super();
  }
}

export class GetPersonQuery extends Query<PersonDto> {
  constructor(
    readonly actor: Actor,
    readonly personId: string,
  ) {
    super();
  }
}

@QueryHandler(ListPeopleQuery)
export class ListPeopleHandler implements IQueryHandler<ListPeopleQuery> {
  constructor(
    private readonly transactions: Transactions,
    private readonly people: PeopleRepository,
    private readonly access: AccessPolicy,
    private readonly view: PersonView,
  ) {}

  async execute({ actor, filter, page }: ListPeopleQuery): Promise<PersonDto[]> {
    const visible = this.access.visibleOrganisationIds(actor, 'person.read');
    const manager = this.transactions.manager;
    // The page starts after a person the actor sees: another tenant's would tell where their name sorts.
    if (page.after && !(await this.people.isVisible(manager, page.after, visible)))
      throw new NotFoundError('person');
    return this.view.load(manager, actor, await this.people.list(manager, visible, filter, page));
  }
}

@QueryHandler(GetPersonQuery)
export class GetPersonHandler implements IQueryHandler<GetPersonQuery> {
  constructor(
    private readonly transactions: Transactions,
    private readonly people: PeopleRepository,
    private readonly view: PersonView,
  ) {}

  async execute({ actor, personId }: GetPersonQuery): Promise<PersonDto> {
    const manager = this.transactions.manager;
    const person = await this.people.findById(manager, personId);
    const [dto] = person ? await this.view.load(manager, actor, [person]) : [];
    // Visible through at least one membership, or it is the actor themself.
    if (!dto || (dto.memberships.length === 0 && !actor.centralAdmin && actor.personId !== personId))
      throw new NotFoundError('person');
    return dto;
  }
}
