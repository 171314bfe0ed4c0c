import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConflictError } from '../../common/errors.js';
import { Transactions } from '../../core/transactions.js';
import { PeopleRepository } from '../../people/people.repository.js';
import { ManagedUsers } from '../managed-users.js';
import { SendSetPasswordLinkCommand } from './set-password.commands.js';
import type { SetPasswordLinkSentDto } from './set-password.dto.js';
import { SetPasswordLinks } from './set-password-links.js';

/**
 * Mails a log-in a one-time link to choose its password (through the outbox and the notifier's SMTP: no password is
 * ever mailed). Who may send one is who may reset the password: an administrator of every organisation where the
 * log-in holds a role (docs/decisions.md 5).
 */
@CommandHandler(SendSetPasswordLinkCommand)
export class SendSetPasswordLinkHandler implements ICommandHandler<SendSetPasswordLinkCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly managedUsers: ManagedUsers,
    private readonly people: PeopleRepository,
    private readonly links: SetPasswordLinks,
  ) {}

  async execute({ actor, userId }: SendSetPasswordLinkCommand): Promise<SetPasswordLinkSentDto> {
    return this.transactions.run(async (manager) => {
      const target = await this.managedUsers.load(manager, actor, userId);
      this.managedUsers.requireWhole(actor, target, 'send them a set-password link');
      if (target.user.disabled) {
        throw new ConflictError('USER_DISABLED', 'this user is disabled: enable them before sending a link');
      }
      const person = (await this.people.findById(manager, target.user.personId))!;
      const issued = await this.links.issue(
        manager,
        actor,
        target.user,
        person.name,
        this.managedUsers.auditedIn(target),
      );
      return { email: issued.email, expiresAt: issued.expiresAt.toISOString() };
    });
  }
}
