import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { SetPasswordLinkEntity } from '@certdesk/persistence';

/**
 * Set-password links: their one door to Postgres. Every method takes the caller's EntityManager, so it runs inside
 * the caller's transaction.
 */
@Injectable()
export class SetPasswordLinksRepository {
  async create(
    manager: EntityManager,
    link: { userId: string; tokenHash: string; expiresAt: Date },
  ): Promise<SetPasswordLinkEntity> {
    const repo = manager.getRepository(SetPasswordLinkEntity);
    return repo.save(repo.create(link));
  }

  /** The link with this token hash, locked until the transaction ends (two uses at once: one wins). */
  findByTokenHashForUpdate(manager: EntityManager, tokenHash: string): Promise<SetPasswordLinkEntity | null> {
    return manager
      .getRepository(SetPasswordLinkEntity)
      .createQueryBuilder('link')
      .setLock('pessimistic_write')
      .where('link.token_hash = :tokenHash', { tokenHash })
      .getOne();
  }

  findByTokenHash(manager: EntityManager, tokenHash: string): Promise<SetPasswordLinkEntity | null> {
    return manager.getRepository(SetPasswordLinkEntity).findOneBy({ tokenHash });
  }

  /** Voids every link of the log-in that could still be used: a newer link, a reset password, a disabled log-in. */
  async revokeOpen(manager: EntityManager, userId: string, now: Date): Promise<void> {
    await manager
      .getRepository(SetPasswordLinkEntity)
      .update({ userId, usedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: now });
  }

  async markUsed(manager: EntityManager, linkId: string, now: Date): Promise<void> {
    await manager.getRepository(SetPasswordLinkEntity).update({ id: linkId }, { usedAt: now });
  }
}
