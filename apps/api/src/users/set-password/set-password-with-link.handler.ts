import { CommandHandler, type ICommandHandler, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuditTrail } from '../../audit/audit-trail.js';
import { PasswordHasher } from '../../auth/password-hasher.js';
import { TokenHasher } from '../../auth/token-hasher.js';
import { Clock } from '../../core/clock.js';
import { Transactions } from '../../core/transactions.js';
import { UsersRepository } from '../users.repository.js';
import { CheckSetPasswordLinkQuery, SetPasswordWithLinkCommand } from './set-password.commands.js';
import type { SetPasswordLinkDto } from './set-password.dto.js';
import { refuseUnusableLink } from './set-password-link-state.js';
import { SetPasswordLinksRepository } from './set-password-links.repository.js';

/**
 * Sets a log-in's password with a set-password link, once: the link is marked used in the same transaction (its row
 * locked, so two tabs racing with one link set one password), every open session and personal token of the log-in
 * ends, as after a reset, and the change is audited in each of its organisations. A link that no longer works
 * changes nothing.
 */
@CommandHandler(SetPasswordWithLinkCommand)
export class SetPasswordWithLinkHandler implements ICommandHandler<SetPasswordWithLinkCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly links: SetPasswordLinksRepository,
    private readonly users: UsersRepository,
    private readonly tokens: TokenHasher,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async execute({ token, password }: SetPasswordWithLinkCommand): Promise<void> {
    const passwordHash = await this.passwords.hash(password);
    await this.transactions.run(async (manager) => {
      const now = this.clock.now();
      const link = await this.links.findByTokenHashForUpdate(manager, this.tokens.hash(token));
      const user = link ? await this.users.findById(manager, link.userId) : null;
      refuseUnusableLink(link, user, now);
      await this.links.markUsed(manager, link!.id, now);
      await this.users.update(manager, user!.id, { passwordHash });
      await this.users.revokeTokens(manager, user!.id, now);
      await this.links.revokeOpen(manager, user!.id, now);
      const organisationIds = [
        ...new Set((await this.users.rolesOf(manager, user!.id)).map((r) => r.organisationId)),
      ];
      for (const organisationId of organisationIds.length ? organisationIds : [null]) {
        await this.audit.append(
          manager,
          { system: `set-password link of ${user!.email}` },
          {
            action: 'user.password-set',
            organisationId,
            after: { userId: user!.id, email: user!.email, linkId: link!.id },
          },
        );
      }
    });
  }
}

@QueryHandler(CheckSetPasswordLinkQuery)
export class CheckSetPasswordLinkHandler implements IQueryHandler<CheckSetPasswordLinkQuery> {
  constructor(
    private readonly transactions: Transactions,
    private readonly links: SetPasswordLinksRepository,
    private readonly users: UsersRepository,
    private readonly tokens: TokenHasher,
    private readonly clock: Clock,
  ) {}

  async execute({ token }: CheckSetPasswordLinkQuery): Promise<SetPasswordLinkDto> {
    const manager = this.transactions.manager;
    const link = await this.links.findByTokenHash(manager, this.tokens.hash(token));
    const user = link ? await this.users.findById(manager, link.userId) : null;
    refuseUnusableLink(link, user, this.clock.now());
    return { email: user!.email, expiresAt: link!.expiresAt.toISOString() };
  }
}
