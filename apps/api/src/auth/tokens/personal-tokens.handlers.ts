import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { NotFoundError } from '../../common/errors.js';
import { Clock } from '../../core/clock.js';
import { Transactions } from '../../core/transactions.js';
import { TokenHasher } from '../token-hasher.js';
import {
  CreatePersonalTokenCommand,
  RevokePersonalTokenCommand,
  type PersonalTokenCreated,
} from './personal-tokens.commands.js';
import { PersonalTokensRepository } from './personal-tokens.repository.js';

/** A personal token acts in every organisation of its log-in: each one's audit chain records it (else the global). */
const chainsOf = (actor: Actor): (string | null)[] => {
  const organisations = [...actor.roles.keys()];
  return organisations.length ? organisations : [null];
};

@CommandHandler(CreatePersonalTokenCommand)
export class CreatePersonalTokenHandler implements ICommandHandler<CreatePersonalTokenCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly tokens: PersonalTokensRepository,
    private readonly hasher: TokenHasher,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, name, expiresInDays }: CreatePersonalTokenCommand): Promise<PersonalTokenCreated> {
    const token = this.hasher.newToken('cdp');
    const now = this.clock.now();
    const expiresAt = expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000) : null;
    const created = await this.transactions.run(async (manager) => {
      const row = await this.tokens.create(manager, {
        userId: actor.userId,
        name: name.trim(),
        tokenHash: this.hasher.hash(token),
        expiresAt,
      });
      for (const organisationId of chainsOf(actor)) {
        await this.audit.append(manager, actor, {
          action: 'personal-token.created',
          organisationId,
          after: { tokenId: row.id, name: row.name, expiresAt: expiresAt?.toISOString() ?? null },
        });
      }
      return row;
    });
    return { id: created.id, name: created.name!, token, expiresAt: expiresAt?.toISOString() ?? null };
  }
}

@CommandHandler(RevokePersonalTokenCommand)
export class RevokePersonalTokenHandler implements ICommandHandler<RevokePersonalTokenCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly tokens: PersonalTokensRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, tokenId }: RevokePersonalTokenCommand): Promise<void> {
    await this.transactions.run(async (manager) => {
      const revoked = await this.tokens.revoke(manager, actor.userId, tokenId, this.clock.now());
      if (!revoked) throw new NotFoundError('token');
      for (const organisationId of chainsOf(actor)) {
        await this.audit.append(manager, actor, {
          action: 'personal-token.revoked',
          organisationId,
          before: { tokenId: revoked.id, name: revoked.name },
        });
      }
    });
  }
}
