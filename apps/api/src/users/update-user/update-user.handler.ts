import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditTrail } from '../../audit/audit-trail.js';
import { PasswordHasher } from '../../auth/password-hasher.js';
import { Clock } from '../../core/clock.js';
import { Transactions } from '../../core/transactions.js';
import { PeopleRepository } from '../../people/people.repository.js';
import { ManagedUsers } from '../managed-users.js';
import { RoleGrantPolicy } from '../role-grants.js';
import { SetPasswordLinksRepository } from '../set-password/set-password-links.repository.js';
import { UserView } from '../user-view.js';
import { UsersRepository } from '../users.repository.js';
import type { UserDto } from '../users.dto.js';
import { UpdateUserCommand } from './update-user.command.js';

/**
 * Changes a log-in. Its roles in an organisation are that organisation's: its administrators change them. Its
 * password and whether it is disabled are the whole log-in's: only someone who administers every organisation where
 * it holds a role may change them, so an administrator of one organisation can never take over, or lock out, the
 * administrator of another who merely has a role in theirs.
 */
@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UsersRepository,
    private readonly managedUsers: ManagedUsers,
    private readonly links: SetPasswordLinksRepository,
    private readonly people: PeopleRepository,
    private readonly grants: RoleGrantPolicy,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditTrail,
    private readonly view: UserView,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, userId, changes }: UpdateUserCommand): Promise<UserDto> {
    const passwordHash = changes.password ? await this.passwords.hash(changes.password) : undefined;
    return this.transactions.run(async (manager) => {
      const target = await this.managedUsers.load(manager, actor, userId);
      const { user, roles: current, manages: managed } = target;
      if (passwordHash || changes.disabled !== undefined) {
        this.managedUsers.requireWhole(actor, target, 'reset their password or disable them');
      }
      const before = {
        roles: current
          .filter((r) => managed(r.organisationId))
          .map((r) => ({ role: r.role, organisationId: r.organisationId })),
        disabled: user.disabled,
      };

      if (changes.roles) {
        const granted = await this.grants.check(manager, actor, changes.roles);
        // Roles in organisations the actor does not administer stay as they are.
        await this.users.removeRoles(
          manager,
          current.filter((r) => managed(r.organisationId)).map((r) => r.id),
        );
        await this.users.addRoles(manager, userId, granted);
        const joined = granted.flatMap((g) => (g.organisationId ? [g.organisationId] : []));
        await this.people.addMemberships(manager, user.personId, joined);
      }
      await this.users.update(manager, userId, {
        ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
        ...(passwordHash ? { passwordHash } : {}),
      });
      // A disabled user or a reset password ends every open session, and every set-password link not yet used.
      if (changes.disabled || passwordHash) {
        const now = this.clock.now();
        await this.users.revokeTokens(manager, userId, now);
        await this.links.revokeOpen(manager, userId, now);
      }

      const roles = await this.users.rolesOf(manager, userId);
      const updated = (await this.users.findById(manager, userId))!;
      const after = {
        roles: roles
          .filter((r) => managed(r.organisationId))
          .map((r) => ({ role: r.role, organisationId: r.organisationId })),
        disabled: updated.disabled,
        passwordChanged: Boolean(passwordHash),
      };
      const touched = [...new Set([...current, ...roles].map((r) => r.organisationId))].filter(managed);
      for (const organisationId of touched.length ? touched : [null]) {
        await this.audit.append(manager, actor, {
          action: 'user.updated',
          organisationId,
          before: { userId, ...before },
          after: { userId, ...after },
        });
      }
      const person = (await this.people.findById(manager, updated.personId))!;
      return this.view.show(actor, updated, person, roles);
    });
  }
}
