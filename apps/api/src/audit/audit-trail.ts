import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditChainHeadEntity, AuditEventEntity } from '@certdesk/persistence';
import { type Actor, actorLabel } from '../access/actor.js';
import { EventLoopShare } from '../common/event-loop-share.js';
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

  /**
   * Appends `records` in this order, as `append` would one by one, in a few statements per chain: one head lock and
   * batched inserts, hashed in slices so the event loop gets a turn every few milliseconds. An import of thousands of
   * certificates audits every one of them this way.
   */
  async appendMany(
    manager: EntityManager,
    actor: AuditActor,
    records: AuditRecord[],
    now = new Date(),
  ): Promise<void> {
    // Chains locked in one order, so two writers to the same chains never wait for each other in a circle.
    const chains = [...new Set(records.map((record) => auditChainFor(record.organisationId)))].sort();
    // Hashing a batch takes tens of milliseconds: other requests get turns between its records.
    const eventLoop = new EventLoopShare();
    for (const chain of chains) {
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
      const chainRecords = records.filter((record) => auditChainFor(record.organisationId) === chain);
      let { lastEventId, lastHash } = head;
      for (let start = 0; start < chainRecords.length; start += AUDIT_BATCH) {
        const contents: (AuditEventContent & { hash: string })[] = [];
        for (const record of chainRecords.slice(start, start + AUDIT_BATCH)) {
          await eventLoop.giveWay();
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
            previousHash: lastHash,
          };
          lastHash = auditEventHash(content, this.key);
          contents.push({ ...content, hash: lastHash });
        }
        const json = (value: object | null) => (value === null ? null : JSON.stringify(value));
        // One statement over column arrays; rows are inserted, and take their ids, in the chain's order.
        const ids: { id: string }[] = await manager.query(
          `INSERT INTO audit_event (chain, organisation_id, certificate_id, actor_user_id, actor_label, occurred_at,
                  action, before, after, signature, previous_hash, hash)
           SELECT chain, organisation_id, certificate_id, actor_user_id, actor_label, $6::timestamptz, action,
                  before::jsonb, after::jsonb, signature::jsonb, previous_hash, hash
             FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $7::text[], $8::text[],
                         $9::text[], $10::text[], $11::text[], $12::text[])
                  WITH ORDINALITY AS e(chain, organisation_id, certificate_id, actor_user_id, actor_label, action,
                                       before, after, signature, previous_hash, hash, position)
            ORDER BY position
           RETURNING id`,
          [
            contents.map((c) => c.chain),
            contents.map((c) => c.organisationId),
            contents.map((c) => c.certificateId),
            contents.map((c) => c.actorUserId),
            contents.map((c) => c.actorLabel),
            now,
            contents.map((c) => c.action),
            contents.map((c) => json(c.before)),
            contents.map((c) => json(c.after)),
            contents.map((c) => json(c.signature)),
            contents.map((c) => c.previousHash),
            contents.map((c) => c.hash),
          ],
        );
        lastEventId = ids.reduce((last, { id }) => (BigInt(id) > BigInt(last) ? id : last), lastEventId);
      }
      await manager.getRepository(AuditChainHeadEntity).update({ chain }, { lastEventId, lastHash });
    }
  }
}

/** Events inserted by one statement of appendMany. */
const AUDIT_BATCH = 500;
