import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditChainHeadEntity, AuditEventEntity } from '@certdesk/persistence';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { auditEventHashKind, auditKey } from './audit-hash.js';
import { AuditTrail } from './audit-trail.js';

export const AUDIT_CHAIN_KEYED_ACTION = 'audit.chain-keyed';

/**
 * At start-up, appends one keyed event to every chain whose last event is still hashed plainly (written before
 * Certdesk keyed its chains): that event's HMAC covers the plain hashes before it, so from then on they cannot be
 * rewritten either, and the verifier can refuse any chain that ends unkeyed. A chain whose last event matches neither
 * hash is left as it is, for the verifier to report.
 */
@Injectable()
export class AuditChainSealer implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuditChainSealer.name);
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly audit: AuditTrail,
  ) {
    this.key = auditKey(config);
  }

  async onApplicationBootstrap(): Promise<void> {
    // One read for every chain's last event; only chains that end plain are locked and looked at again.
    const lastEvents = await this.db
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      .innerJoin(AuditChainHeadEntity, 'head', 'head.lastEventId = e.id')
      .orderBy('e.chain', 'ASC')
      .getMany();
    for (const last of lastEvents) {
      if (auditEventHashKind(last, this.key) === 'unkeyed') await this.sealIfUnkeyed(last.chain);
    }
  }

  private async sealIfUnkeyed(chain: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      // Locked, so that api replicas starting together seal a chain once.
      const head = await manager
        .getRepository(AuditChainHeadEntity)
        .createQueryBuilder('head')
        .setLock('pessimistic_write')
        .where('head.chain = :chain', { chain })
        .getOne();
      if (!head || head.lastEventId === '0') return;
      const last = await manager.getRepository(AuditEventEntity).findOneBy({ id: head.lastEventId });
      if (!last || auditEventHashKind(last, this.key) !== 'unkeyed') return;
      const unkeyedEvents = await manager.getRepository(AuditEventEntity).countBy({ chain });
      await this.audit.append(
        manager,
        { system: 'certdesk' },
        {
          action: AUDIT_CHAIN_KEYED_ACTION,
          organisationId: chain === 'global' ? null : chain,
          after: { unkeyedEvents, lastUnkeyedEventId: last.id },
        },
      );
      this.logger.log(`audit chain ${chain}: keyed after its ${unkeyedEvents} earlier events`);
    });
  }
}
