import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditChainHeadEntity, AuditEventEntity } from '@certdesk/persistence';
import { EventLoopShare } from '../common/event-loop-share.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { AuditVerificationProgress } from '@certdesk/contracts';
import { auditEventHashKind, auditKey, GENESIS_HASH } from './audit-hash.js';

export interface ChainVerification {
  chain: string;
  events: number;
  ok: boolean;
  /** Events at the start of the chain hashed before chains were keyed; the first keyed event vouches for them. */
  unkeyedEvents?: number;
  /** The first event whose content or link does not match, and why. */
  brokenAt?: { eventId: string; reason: string };
}

/** Events read at a time: their rows are turned into entities in one go, a few milliseconds for this many. */
const PAGE = 1_000;

/**
 * Recomputes every hash of every chain (or of the given ones) with the audit key and checks each link and each chain
 * head. Events hashed plainly (SHA-256, before Certdesk keyed its chains) are accepted only at the start of a chain
 * and only when a keyed event follows them (AuditChainSealer appends one at start-up): a plain hash after a keyed
 * one, or a chain ending in plain hashes, is what a rewrite with database access but without the key looks like.
 */
@Injectable()
export class AuditVerifier {
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = auditKey(config);
  }

  /**
   * `onProgress` hears after each page of events read (a thousand) and after each chain; `signal` stops it before the
   * next page (its reason thrown).
   */
  async verify(
    chains?: string[],
    onProgress?: (progress: AuditVerificationProgress) => void,
    signal?: AbortSignal,
  ): Promise<ChainVerification[]> {
    const names =
      chains ??
      (await this.db.getRepository(AuditChainHeadEntity).find({ order: { chain: 'ASC' } })).map(
        (h) => h.chain,
      );
    // Every event of the installation is hashed again: other requests get a turn every few milliseconds meanwhile.
    const eventLoop = new EventLoopShare();
    const results: ChainVerification[] = [];
    let eventsBefore = 0;
    const report = (eventsOfChain: number) =>
      onProgress?.({
        chainsTotal: names.length,
        chainsChecked: results.length,
        eventsChecked: eventsBefore + eventsOfChain,
      });
    for (const chain of names) {
      const verified = await this.verifyChain(chain, eventLoop, report, signal);
      results.push(verified);
      eventsBefore += verified.events;
      report(0);
    }
    return results;
  }

  private async verifyChain(
    chain: string,
    eventLoop: EventLoopShare,
    report: (eventsOfChain: number) => void,
    signal: AbortSignal | undefined,
  ): Promise<ChainVerification> {
    // The head, and the chain's last event, in one snapshot: the events are checked as far as this head, so events
    // appended while the chain is read (each with its head, in one transaction) are left for the next verification,
    // not taken for a break. Past a head, in the same snapshot, no event is legitimate.
    const [head] = (await this.db.query(
      `SELECT h.last_event_id AS "lastEventId", h.last_hash AS "lastHash",
              (SELECT max(e.id) FROM audit_event e WHERE e.chain = h.chain)::text AS "lastStoredId"
         FROM audit_chain_head h WHERE h.chain = $1`,
      [chain],
    )) as { lastEventId: string; lastHash: string; lastStoredId: string | null }[];
    let previousHash = GENESIS_HASH;
    let lastId = '0';
    let firstId = '0';
    let events = 0;
    let unkeyedEvents = 0;
    let keyedSeen = false;
    const broken = (eventId: string, reason: string): ChainVerification => ({
      chain,
      events,
      ok: false,
      brokenAt: { eventId, reason },
    });
    for (;;) {
      signal?.throwIfAborted();
      const query = this.db
        .getRepository(AuditEventEntity)
        .createQueryBuilder('e')
        .where('e.chain = :chain AND e.id > :lastId', { chain, lastId });
      if (head) query.andWhere('e.id <= :headId', { headId: head.lastEventId });
      const page = await query.orderBy('e.id', 'ASC').limit(PAGE).getMany();
      for (const e of page) {
        await eventLoop.giveWay();
        events++;
        if (e.previousHash !== previousHash) return broken(e.id, 'it does not link to the event before it');
        const kind = auditEventHashKind(e, this.key);
        if (kind === 'mismatch') return broken(e.id, 'its content does not match its hash');
        if (kind === 'unkeyed' && keyedSeen) {
          return broken(e.id, 'its hash is not keyed with the audit key, though an earlier event is');
        }
        if (kind === 'keyed') keyedSeen = true;
        else unkeyedEvents++;
        previousHash = e.hash;
        lastId = e.id;
        if (events === 1) firstId = e.id;
      }
      if (page.length < PAGE) break;
      report(events);
    }
    if (head && (head.lastHash !== previousHash || head.lastEventId !== lastId)) {
      return broken(head.lastEventId, 'events are missing at the end of the chain');
    }
    if (head?.lastStoredId && BigInt(head.lastStoredId) > BigInt(head.lastEventId)) {
      return broken(head.lastStoredId, 'it was written past the end of the chain');
    }
    if (events > 0 && !keyedSeen) {
      return broken(firstId, 'no event of the chain is keyed with the audit key');
    }
    return { chain, events, ok: true, ...(unkeyedEvents > 0 ? { unkeyedEvents } : {}) };
  }
}
