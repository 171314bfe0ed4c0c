import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { PersonEntity, UserEntity, UserRoleEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { toUserDto } from './user-view.js';
import type { UserDto } from './users.dto.js';

/** The users the actor administers (central administrators: all), optionally in one organisation. */
export class ListUsersQuery extends Query<UserDto[]> {
  constructor(
    readonly actor: Actor,
    readonly organisationId?: string,
  ) {
    super();
  }
}

@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<ListUsersQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
  ) {}

  async execute({ actor, organisationId }: ListUsersQuery): Promise<UserDto[]> {
    const visible = this.access.visibleOrganisationIds(actor, 'user.manage');
    const scope = organisationId
      ? visible === null || visible.includes(organisationId)
        ? [organisationId]
        : []
      : visible;
    const roleRows =
      scope === null
        ? null
        : await this.db.getRepository(UserRoleEntity).findBy({ organisationId: In(scope) });
    const userIds = roleRows === null ? null : [...new Set(roleRows.map((r) => r.userId))];
    if (userIds?.length === 0) return [];
    const users = await this.db
      .getRepository(UserEntity)
      .find({ where: userIds ? { id: In(userIds) } : {}, order: { email: 'ASC' } });
    const [people, roles] = await Promise.all([
      this.db.getRepository(PersonEntity).findBy({ id: In(users.map((u) => u.personId)) }),
      this.db.getRepository(UserRoleEntity).findBy({ userId: In(users.map((u) => u.id)) }),
    ]);
    const personById = new Map(people.map((p) => [p.id, p]));
    return users.map((u) =>
      toUserDto(
        u,
        personById.get(u.personId)!,
        // An org-admin sees only the roles in the organisations they administer.
        roles.filter(
          (r) =>
            r.userId === u.id &&
            (visible === null || (r.organisationId !== null && visible.includes(r.organisationId))),
        ),
      ),
    );
  }
}
