import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { AppConfig } from '../src/config/config.js';
import { RedisLeases } from '../src/redis/redis-lease.js';
import { RedisConnection } from '../src/redis/redis.provider.js';

// The lease that keeps one audit verification per log-in (docs/api.md), on the real Redis of the tests.
const connections: RedisConnection[] = [];
const leasesOn = (redisUrl: string) => {
  const connection = new RedisConnection({ redisUrl, redisSentinel: null } as unknown as AppConfig);
  connections.push(connection);
  return { leases: new RedisLeases(connection), client: connection.client };
};
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Waits (up to a second) until the key exists in Redis, or until it is gone. */
async function untilKey(client: { exists(key: string): Promise<number> }, key: string, exists: boolean) {
  for (let i = 0; i < 100 && (await client.exists(key)) === (exists ? 0 : 1); i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Resolves when `release` is called: work that runs as long as the test wants. */
function heldWork() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { release, work: () => done.then(() => 'done') };
}

describe('a lease in Redis', () => {
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.onModuleDestroy()));
  });

  it('lets one holder at a time run, from two connections (two replicas), then the next', async () => {
    const key = `certdesk-test:lease:${randomUUID()}`;
    const a = leasesOn(REDIS_URL);
    const b = leasesOn(REDIS_URL);
    const held = heldWork();
    const first = a.leases.run(key, 10_000, held.work);
    // Until the first holds the key, a second attempt could win: wait for it in Redis.
    await untilKey(a.client, key, true);
    let ranSecond = false;
    expect(
      await b.leases.run(key, 10_000, async () => {
        ranSecond = true;
      }),
    ).toBeNull();
    expect(ranSecond).toBe(false);
    held.release();
    expect(await first).toEqual({ value: 'done' });
    // Released once the work ended (not awaited by run): the key goes within a moment.
    await untilKey(a.client, key, false);
    expect(await b.leases.run(key, 10_000, async () => 'second')).toEqual({ value: 'second' });
  });

  it('frees the lease when the work fails, and answers the failure', async () => {
    const key = `certdesk-test:lease:${randomUUID()}`;
    const { leases, client } = leasesOn(REDIS_URL);
    await expect(
      leases.run(key, 10_000, async () => {
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    await untilKey(client, key, false);
    expect(await client.exists(key)).toBe(0);
  });

  it('renews the lease while the work runs past its time to live', async () => {
    const key = `certdesk-test:lease:${randomUUID()}`;
    const { leases, client } = leasesOn(REDIS_URL);
    const held = heldWork();
    const running = leases.run(key, 300, held.work);
    // Three times its time to live, and still held.
    await new Promise((r) => setTimeout(r, 900));
    expect(await client.exists(key)).toBe(1);
    held.release();
    await running;
  });

  it('leaves alone a lease another took after its own expired', async () => {
    const key = `certdesk-test:lease:${randomUUID()}`;
    const { leases, client } = leasesOn(REDIS_URL);
    const held = heldWork();
    const running = leases.run(key, 60_000, held.work);
    await untilKey(client, key, true);
    // As if it had expired (a paused process) and another replica had taken it.
    await client.set(key, 'another holder', 'PX', 60_000);
    held.release();
    await running;
    await new Promise((r) => setTimeout(r, 100));
    expect(await client.get(key)).toBe('another holder');
    await client.del(key);
  });

  it('runs the work without a lease when Redis does not answer, without waiting for it', async () => {
    // A port nothing listens on any more: Redis down.
    const closed: Server = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const { leases } = leasesOn(`redis://127.0.0.1:${port}`);
    const started = performance.now();
    expect(await leases.run('certdesk-test:lease:down', 10_000, async () => 'ran')).toEqual({ value: 'ran' });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
