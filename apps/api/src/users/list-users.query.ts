import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { Transactions } from '../core/transactions.js';
import { PeopleRepository } from '../people/people.repository.js';
import { UserView } from './user-view.js';
import { UsersRepository } from './users.repository.js';
import type { UserDto } from './users.dto.js';

/** The users the actor administers (central administrators: all), optionally in one organisation or of some people. */
export class ListUsersQuery extends Query<UserDto[]> {
  constructor(
    readonly actor: Actor,
    readonly organisationId?: string,
    readonly personIds?: string[],
  ) {
    super();
  }
}

@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<ListUsersQuery> {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UsersRepository,
    private readonly people: PeopleRepository,
    private readonly access: AccessPolicy,
    private readonly view: UserView,
  ) {}

  async execute({ actor, organisationId, personIds }: ListUsersQuery): Promise<UserDto[]> {
    const visible = this.access.visibleOrganisationIds(actor, 'user.manage');
    const scope = organisationId
      ? visible === null || visible.includes(organisationId)
        ? [organisationId]
        : []
      : visible;
    const manager = this.transactions.manager;
    const users = await this.users.list(manager, scope, personIds);
    const [people, roles] = [
      await this.people.findByIds(manager, [...new Set(users.map((u) => u.personId))]),
      await this.users.rolesOfAll(
        manager,
        users.map((u) => u.id),
      ),
    ];
    const personById = new Map(people.map((p) => [p.id, p]));
    return users.map((u) => this.view.show(actor, u, personById.get(u.personId)!, roles));
  }
}
