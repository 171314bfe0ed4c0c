import { Injectable } from '@nestjs/common';
import { IsNull, MoreThan, type EntityManager } from 'typeorm';
import { AccessTokenEntity } from '@certdesk/persistence';

/** A log-in's sessions (bearer tokens of kind `session`): their one door to Postgres. */
@Injectable()
export class SessionsRepository {
  /** The log-in's sessions that still work at `now`, most recently used first. */
  open(manager: EntityManager, userId: string, now: Date): Promise<AccessTokenEntity[]> {
    return manager.getRepository(AccessTokenEntity).find({
      where: { userId, kind: 'session', revokedAt: IsNull(), expiresAt: MoreThan(now) },
      order: { lastUsedAt: { direction: 'DESC', nulls: 'LAST' }, createdAt: 'DESC' },
    });
  }

  /** Ends one of the log-in's sessions; false when it has no such session still open. */
  async end(manager: EntityManager, userId: string, sessionId: string, now: Date): Promise<boolean> {
    const result = await manager
      .getRepository(AccessTokenEntity)
      .update({ id: sessionId, userId, kind: 'session', revokedAt: IsNull() }, { revokedAt: now });
    return (result.affected ?? 0) > 0;
  }

  /** Ends every open session of the log-in (its personal API tokens stay); how many were. */
  async endAll(manager: EntityManager, userId: string, now: Date): Promise<number> {
    const result = await manager
      .getRepository(AccessTokenEntity)
      .update({ userId, kind: 'session', revokedAt: IsNull(), expiresAt: MoreThan(now) }, { revokedAt: now });
    return result.affected ?? 0;
  }
}
