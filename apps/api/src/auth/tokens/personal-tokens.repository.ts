import { Injectable } from '@nestjs/common';
import { IsNull, MoreThan, type EntityManager } from 'typeorm';
import { AccessTokenEntity } from '@certdesk/persistence';

/** A log-in's personal API tokens: their one door to Postgres (only each token's HMAC is stored). */
@Injectable()
export class PersonalTokensRepository {
  async create(
    manager: EntityManager,
    token: { userId: string; name: string; tokenHash: string; expiresAt: Date | null },
  ): Promise<AccessTokenEntity> {
    const repo = manager.getRepository(AccessTokenEntity);
    return repo.save(repo.create({ ...token, kind: 'personal' }));
  }

  /** The log-in's tokens that still work at `now`, oldest first. */
  working(manager: EntityManager, userId: string, now: Date): Promise<AccessTokenEntity[]> {
    const base = { userId, kind: 'personal' as const, revokedAt: IsNull() };
    return manager.getRepository(AccessTokenEntity).find({
      where: [
        { ...base, expiresAt: IsNull() },
        { ...base, expiresAt: MoreThan(now) },
      ],
      order: { createdAt: 'ASC' },
    });
  }

  /** Revokes one of the log-in's tokens; answers it, or null when it has no such token still unrevoked. */
  async revoke(
    manager: EntityManager,
    userId: string,
    tokenId: string,
    now: Date,
  ): Promise<AccessTokenEntity | null> {
    const repo = manager.getRepository(AccessTokenEntity);
    const token = await repo.findOneBy({ id: tokenId, userId, kind: 'personal', revokedAt: IsNull() });
    if (!token) return null;
    await repo.update({ id: token.id }, { revokedAt: now });
    return token;
  }
}
