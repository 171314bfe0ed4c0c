import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, MoreThan, type DataSource } from 'typeorm';
import { AccessTokenEntity } from '@certdesk/persistence';
import type { Actor } from '../../access/actor.js';
import type { PersonalTokenDto } from '../auth.dto.js';

/** The actor's personal API tokens that still work (never the tokens themselves). */
export class ListPersonalTokensQuery extends Query<PersonalTokenDto[]> {
  constructor(readonly actor: Actor) {
    super();
  }
}

@QueryHandler(ListPersonalTokensQuery)
export class ListPersonalTokensHandler implements IQueryHandler<ListPersonalTokensQuery> {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async execute({ actor }: ListPersonalTokensQuery): Promise<PersonalTokenDto[]> {
    const now = new Date();
    const base = { userId: actor.userId, kind: 'personal' as const, revokedAt: IsNull() };
    const rows = await this.db.getRepository(AccessTokenEntity).find({
      where: [
        { ...base, expiresAt: IsNull() },
        { ...base, expiresAt: MoreThan(now) },
      ],
      order: { createdAt: 'ASC' },
    });
    return rows.map((t) => ({
      id: t.id,
      name: t.name ?? '',
      createdAt: t.createdAt.toISOString(),
      expiresAt: t.expiresAt?.toISOString() ?? null,
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    }));
  }
}
