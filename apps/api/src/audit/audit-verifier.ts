import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditChainHeadEntity, AuditEventEntity } from '@certdesk/persistence';
import { auditEventHash, GENESIS_HASH } from './audit-hash.js';

export interface ChainVerification {
  chain: string;
  events: number;
  ok: boolean;
  /** The first event whose content or link does not match, and why. */
  brokenAt?: { eventId: string; reason: string };
}

const PAGE = 5_000;

/** Recomputes every hash of every chain (or of the given ones) and checks each link and each chain head. */
@Injectable()
export class AuditVerifier {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async verify(chains?: string[]): Promise<ChainVerification[]> {
    const names =
      chains ??
      (await this.db.getRepository(AuditChainHeadEntity).find({ order: { chain: 'ASC' } })).map(
        (h) => h.chain,
      );
    const results: ChainVerification[] = [];
    for (const chain of names) results.push(await this.verifyChain(chain));
    return results;
  }

  private async verifyChain(chain: string): Promise<ChainVerification> {
    const head = await this.db.getRepository(AuditChainHeadEntity).findOneBy({ chain });
    let previousHash = GENESIS_HASH;
    let lastId = '0';
    let events = 0;
    for (;;) {
      const page = await this.db
        .getRepository(AuditEventEntity)
        .createQueryBuilder('e')
        .where('e.chain = :chain AND e.id > :lastId', { chain, lastId })
        .orderBy('e.id', 'ASC')
        .limit(PAGE)
        .getMany();
      for (const e of page) {
        events++;
        if (e.previousHash !== previousHash) {
          return {
            chain,
            events,
            ok: false,
            brokenAt: { eventId: e.id, reason: 'it does not link to the event before it' },
          };
        }
        const expected = auditEventHash({
          chain: e.chain,
          organisationId: e.organisationId,
          certificateId: e.certificateId,
          actorUserId: e.actorUserId,
          actorLabel: e.actorLabel,
          occurredAt: e.occurredAt.toISOString(),
          action: e.action,
          before: e.before,
          after: e.after,
          signature: e.signature,
          previousHash: e.previousHash,
        });
        if (expected !== e.hash) {
          return {
            chain,
            events,
            ok: false,
            brokenAt: { eventId: e.id, reason: 'its content does not match its hash' },
          };
        }
        previousHash = e.hash;
        lastId = e.id;
      }
      if (page.length < PAGE) break;
    }
    if (head && (head.lastHash !== previousHash || head.lastEventId !== lastId)) {
      return {
        chain,
        events,
        ok: false,
        brokenAt: { eventId: head.lastEventId, reason: 'events are missing at the end of the chain' },
      };
    }
    return { chain, events, ok: true };
  }
}
