import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import { Clock } from '../../core/clock.js';
import { Transactions } from '../../core/transactions.js';
import type { PersonalTokenDto } from '../auth.dto.js';
import { PersonalTokensRepository } from './personal-tokens.repository.js';

/** The actor's personal API tokens that still work (never the tokens themselves). */
export class ListPersonalTokensQuery extends Query<PersonalTokenDto[]> {
  constructor(readonly actor: Actor) {
    super();
  }
}

@QueryHandler(ListPersonalTokensQuery)
export class ListPersonalTokensHandler implements IQueryHandler<ListPersonalTokensQuery> {
  constructor(
    private readonly transactions: Transactions,
    private readonly tokens: PersonalTokensRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ actor }: ListPersonalTokensQuery): Promise<PersonalTokenDto[]> {
    const rows = await this.tokens.working(this.transactions.manager, actor.userId, this.clock.now());
    return rows.map((t) => ({
      id: t.id,
      name: t.name ?? '',
      createdAt: t.createdAt.toISOString(),
      expiresAt: t.expiresAt?.toISOString() ?? null,
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      lastUsedFrom: t.lastUsedIp,
      userAgent: t.lastUsedAgent,
    }));
  }
}
