import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { RedisConnection } from './redis.provider.js';

/** How long Redis may take to answer the lease's first SET: past it the work goes ahead without one. */
const ACQUIRE_TIMEOUT_MS = 500;

/** Deletes the key only if it still holds this holder's value: an expired lease taken by another is left alone. */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
/** Extends the key only while it still holds this holder's value. */
const RENEW_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** Extends the key while it holds this holder's value, and takes it again once it has expired. */
const KEEP_SCRIPT = `local v = redis.call('get', KEYS[1])
if v == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
if not v then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;

export interface Lease {
  /** Not awaited: with Redis away the command would wait in ioredis's offline queue, and the lease expires anyway. */
  release(): void;
}

/** A lease kept for work that may move on to another process, which keeps it under the same holder. */
export interface KeptLease extends Lease {
  /** Stops renewing it here and leaves it to expire, or to be kept by the next process. */
  stop(): void;
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

  /** Runs `work` holding `key`, under `holder` (what `holder()` answers others meanwhile), or answers null. */
  async run<T>(
    key: string,
    ttlMs: number,
    work: () => Promise<T>,
    holder: string = randomUUID(),
  ): Promise<{ value: T } | null> {
    const lease = await this.acquire(key, ttlMs, holder);
    if (lease === 'taken') return null;
    try {
      return { value: await work() };
    } finally {
      lease?.release();
    }
  }

  /**
   * For work that starts in one place and runs in another (a job): takes the key for `holder` and answers true, or
   * answers the holder that has it. Redis must answer: the caller has nothing to run without it.
   */
  async take(key: string, holder: string, ttlMs: number): Promise<true | { heldBy: string | null }> {
    const client = this.redis.client;
    if ((await client.set(key, holder, 'PX', ttlMs, 'NX')) === 'OK') return true;
    return { heldBy: await this.holder(key) };
  }

  /** Who holds the key now, or null when no one does. */
  async holder(key: string): Promise<string | null> {
    return this.redis.client.get(key);
  }

  /**
   * Keeps `holder`'s lease while the work runs, wherever it was taken (`take`), and takes it again if it expired
   * meanwhile (the work was queued longer than `ttlMs`, or its first replica died); another holder's is left alone.
   */
  keep(key: string, holder: string, ttlMs: number): KeptLease {
    const client = this.redis.client;
    const renew = () => void this.keepOnce(key, holder, ttlMs).catch(() => {});
    renew();
    const renewal = setInterval(renew, Math.max(1, Math.floor(ttlMs / 3)));
    renewal.unref();
    return {
      release: () => {
        clearInterval(renewal);
        void client.eval(RELEASE_SCRIPT, 1, key, holder).catch(() => {});
      },
      stop: () => clearInterval(renewal),
    };
  }

  /** `keep`'s renewal, once: extends `holder`'s lease, or takes it again if it expired; another's is left alone. */
  async keepOnce(key: string, holder: string, ttlMs: number): Promise<void> {
    await this.redis.client.eval(KEEP_SCRIPT, 1, key, holder, String(ttlMs));
  }

  /** Frees `holder`'s lease now (a job that could not be queued). */
  async release(key: string, holder: string): Promise<void> {
    await this.redis.client.eval(RELEASE_SCRIPT, 1, key, holder);
  }

  /** How long `key` has left to live, in milliseconds; negative when it is gone or never expires (Redis's PTTL). */
  async timeLeft(key: string): Promise<number> {
    return this.redis.client.pttl(key);
  }

  /** The lease for `holder`, 'taken' when another holds it, or null when Redis did not answer. */
  private async acquire(key: string, ttlMs: number, holder: string): Promise<Lease | 'taken' | null> {
    const client = this.redis.client;
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
