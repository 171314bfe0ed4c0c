import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EvidenceSigningKeyEntity } from '@certdesk/persistence';

/** The installation's one evidence signing key row. */
@Injectable()
export class EvidenceSigningKeyRepository {
  find(manager: EntityManager): Promise<EvidenceSigningKeyEntity | null> {
    return manager.getRepository(EvidenceSigningKeyEntity).findOneBy({ singleton: true });
  }

  /** Whether this row was the one stored: false when another replica's key was there first. */
  async insertIfAbsent(
    manager: EntityManager,
    row: Pick<EvidenceSigningKeyEntity, 'fingerprint' | 'publicKey' | 'privateKeyCiphertext'>,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(EvidenceSigningKeyEntity)
      .values({ singleton: true, ...row })
      .orIgnore()
      .returning(['fingerprint'])
      .execute();
    return result.raw.length > 0;
  }
}
