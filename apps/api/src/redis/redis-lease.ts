import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { RedisConnection } from './redis.provider.js';

/** How long Redis may take to answer the lease's first SET: past it the work goes ahead without one. */
const ACQUIRE_TIMEOUT_MS = 500;

/** Deletes the key only if it still holds this holder's value: an expired lease taken by another is left alone. */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
/** Extends the key only while it still holds this holder's value. */
const RENEW_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

interface Lease {
  /** Not awaited: with Redis away the command would wait in ioredis's offline queue, and the lease expires anyway. */
  release(): void;
}

/**
 * A key in Redis that one holder at a time may have, for every replica at once: `run` answers `null` without running
 * `work` while another holds it. The lease lives `ttlMs` and is renewed while the work runs, so a replica that dies
 * holding one frees it within `ttlMs`. When Redis does not answer, the work runs unleased (logged): what a lease
 * guards here is load, not correctness.
 */
@Injectable()
export class RedisLeases {
  private readonly logger = new Logger('RedisLeases');

  constructor(private readonly redis: RedisConnection) {}

  async run<T>(key: string, ttlMs: number, work: () => Promise<T>): Promise<{ value: T } | null> {
    const lease = await this.acquire(key, ttlMs);
    if (lease === 'taken') return null;
    try {
      return { value: await work() };
    } finally {
      lease?.release();
    }
  }

  /** The lease, 'taken' when another holds it, or null when Redis did not answer. */
  private async acquire(key: string, ttlMs: number): Promise<Lease | 'taken' | null> {
    const client = this.redis.client;
    const holder = randomUUID();
    const set = client.set(key, holder, 'PX', ttlMs, 'NX');
    const answer = await this.redis.answerWithin(set, ACQUIRE_TIMEOUT_MS);
    if (answer === null) return 'taken';
    if (answer !== 'OK') {
      this.logger.warn(`Redis did not answer for the lease ${key}: the work runs without it`);
      // A SET that lands after the timeout would hold the key for nobody: released once it answers.
      set.then(
        (late) => void (late === 'OK' && client.eval(RELEASE_SCRIPT, 1, key, holder).catch(() => {})),
        () => {},
      );
      return null;
    }
    const renewal = setInterval(
      () => void client.eval(RENEW_SCRIPT, 1, key, holder, String(ttlMs)).catch(() => {}),
      Math.max(1, Math.floor(ttlMs / 3)),
    );
    renewal.unref();
    return {
      release: () => {
        clearInterval(renewal);
        void client.eval(RELEASE_SCRIPT, 1, key, holder).catch(() => {});
      },
    };
  }
}
