import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditChainHeadEntity, AuditEventEntity } from '@certdesk/persistence';
import { type Actor, actorLabel } from '../access/actor.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { auditEventHash, auditKey, GENESIS_HASH, toJsonValue, type AuditEventContent } from './audit-hash.js';

export interface AuditRecord {
  action: string;
  organisationId: string | null;
  certificateId?: string | null;
  before?: object | null;
  after?: object | null;
  signature?: object | null;
}

export type AuditActor = Actor | { system: string };

/** The chain an event belongs to: one per organisation, one for everything else. */
export const auditChainFor = (organisationId: string | null): string => organisationId ?? 'global';

/**
 * Appends to the hash-chained audit trail inside the caller's transaction. Each event's hash is an HMAC with the audit
 * key (audit-hash.ts), which is not in the database. The chain head row is locked FOR UPDATE, so concurrent writers to
 * one chain queue up instead of forking it.
 */
@Injectable()
export class AuditTrail {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = auditKey(config);
  }

  async append(
    manager: EntityManager,
    actor: AuditActor,
    record: AuditRecord,
    now = new Date(),
  ): Promise<AuditEventEntity> {
    const chain = auditChainFor(record.organisationId);
    await manager
      .createQueryBuilder()
      .insert()
      .into(AuditChainHeadEntity)
      .values({ chain, lastEventId: '0', lastHash: GENESIS_HASH })
      .orIgnore()
      .execute();
    const head = await manager
      .getRepository(AuditChainHeadEntity)
      .createQueryBuilder('head')
      .setLock('pessimistic_write')
      .where('head.chain = :chain', { chain })
      .getOneOrFail();

    const content: AuditEventContent = {
      chain,
      organisationId: record.organisationId,
      certificateId: record.certificateId ?? null,
      actorUserId: 'system' in actor ? null : actor.userId,
      actorLabel: 'system' in actor ? actor.system : actorLabel(actor),
      occurredAt: now.toISOString(),
      action: record.action,
      before: toJsonValue(record.before ?? null) as Record<string, unknown> | null,
      after: toJsonValue(record.after ?? null) as Record<string, unknown> | null,
      signature: toJsonValue(record.signature ?? null) as Record<string, unknown> | null,
      previousHash: head.lastHash,
    };
    const hash = auditEventHash(content, this.key);
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(AuditEventEntity)
      // jsonb columns: TypeORM's deep-partial type cannot describe free-form objects.
      .values({ ...content, occurredAt: now, hash } as never)
      .returning('*')
      .execute();
    const event = manager
      .getRepository(AuditEventEntity)
      .create(inserted.generatedMaps[0] as AuditEventEntity);
    await manager
      .getRepository(AuditChainHeadEntity)
      .update({ chain }, { lastEventId: event.id, lastHash: hash });
    return event;
  }
}
