import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EidUsedNonceEntity } from '@certdesk/persistence';
import type { OpenedNonce } from './eid-challenges.js';

/**
 * Rows are kept this long past their nonce's expiry before they are purged: an api replica whose clock runs behind
 * still takes the nonce for unexpired, and must then still find it used.
 */
const USED_NONCE_RETENTION_MS = 60 * 60_000;

/** The eID nonces already used for a log-in (eid_used_nonce). */
@Injectable()
export class EidUsedNonces {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  isUsed(nonce: OpenedNonce): Promise<boolean> {
    return this.db.getRepository(EidUsedNonceEntity).existsBy({ nonceHash: nonce.id });
  }

  /**
   * Marks the nonce used; false when it was already. One INSERT on the primary key: of log-ins racing with one nonce,
   * on any replica, exactly one inserts. Old rows are purged on the way, so the table holds an hour of log-ins.
   */
  async consume(nonce: OpenedNonce, now: Date): Promise<boolean> {
    const inserted = await this.db
      .createQueryBuilder()
      .insert()
      .into(EidUsedNonceEntity)
      .values({ nonceHash: nonce.id, expiresAt: nonce.expiresAt })
      .orIgnore()
      .returning('nonce_hash')
      .execute();
    await this.db
      .createQueryBuilder()
      .delete()
      .from(EidUsedNonceEntity)
      .where('expires_at < :before', { before: new Date(now.getTime() - USED_NONCE_RETENTION_MS) })
      .execute();
    return inserted.raw.length === 1;
  }
}
