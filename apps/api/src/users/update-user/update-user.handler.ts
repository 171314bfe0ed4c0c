import { ForbiddenException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, type DataSource } from 'typeorm';
import { AccessTokenEntity, PersonEntity, UserEntity, UserRoleEntity } from '@certdesk/persistence';
import { AccessPolicy } from '../../access/access-policy.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { PasswordHasher } from '../../auth/password-hasher.js';
import { NotFoundError } from '../../common/errors.js';
import { RoleGrantPolicy } from '../role-grants.js';
import { toUserDto } from '../user-view.js';
import type { UserDto } from '../users.dto.js';
import { UpdateUserCommand } from './update-user.command.js';

@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly grants: RoleGrantPolicy,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditTrail,
  ) {}

  async execute({ actor, userId, changes }: UpdateUserCommand): Promise<UserDto> {
    const passwordHash = changes.password ? await this.passwords.hash(changes.password) : undefined;
    return this.db.transaction(async (manager) => {
      const user = await manager.getRepository(UserEntity).findOneBy({ id: userId });
      if (!user) throw new NotFoundError('user');
      const current = await manager.getRepository(UserRoleEntity).findBy({ userId });
      // The organisations where the actor administers users, among those the user belongs to.
      const managed = (organisationId: string | null) =>
        this.access.can(actor, 'user.manage', organisationId);
      if (!actor.centralAdmin && !current.some((r) => managed(r.organisationId)))
        throw new NotFoundError('user');
      if (!actor.centralAdmin && current.some((r) => r.role === 'central-admin')) {
        throw new ForbiddenException('only a central administrator may change a central administrator');
      }
      const before = {
        roles: current.map((r) => ({ role: r.role, organisationId: r.organisationId })),
        disabled: user.disabled,
      };

      if (changes.roles) {
        const granted = await this.grants.check(manager, actor, changes.roles);
        // Roles in organisations the actor does not administer stay as they are.
        const kept = current.filter((r) => !managed(r.organisationId));
        await manager
          .getRepository(UserRoleEntity)
          .delete(current.filter((r) => managed(r.organisationId)).map((r) => r.id));
        await manager
          .getRepository(UserRoleEntity)
          .save(
            granted
              .filter((g) => !kept.some((k) => k.role === g.role && k.organisationId === g.organisationId))
              .map((g) => manager.getRepository(UserRoleEntity).create({ userId, ...g })),
          );
      }
      if (changes.disabled !== undefined || passwordHash) {
        await manager.getRepository(UserEntity).update(
          { id: userId },
          {
            ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
            ...(passwordHash ? { passwordHash } : {}),
          },
        );
      }
      if (changes.disabled || passwordHash) {
        // A disabled user or a reset password ends every open session.
        await manager
          .getRepository(AccessTokenEntity)
          .update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
      }
      const roles = await manager.getRepository(UserRoleEntity).findBy({ userId });
      const updated = await manager.getRepository(UserEntity).findOneByOrFail({ id: userId });
      const after = {
        roles: roles.map((r) => ({ role: r.role, organisationId: r.organisationId })),
        disabled: updated.disabled,
        passwordChanged: Boolean(passwordHash),
      };
      const organisations = [...new Set([...current, ...roles].map((r) => r.organisationId))].filter(managed);
      for (const organisationId of organisations.length ? organisations : [null]) {
        await this.audit.append(manager, actor, {
          action: 'user.updated',
          organisationId,
          before: { userId, ...before },
          after: { userId, ...after },
        });
      }
      const person = await manager.getRepository(PersonEntity).findOneByOrFail({ id: updated.personId });
      return toUserDto(updated, person, roles);
    });
  }
}
