import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { queuePrefixOwnerKey } from '@certdesk/contracts';
import { startStack, type Stack } from './support/stack.js';

// Issue 9, item 15: systemd's control-group kill and container runtimes send SIGTERM to every process of
// `npm start` at once; npm and start.mjs then pass it on, so each service hears it two or three times. The notifier
// must still stop once, cleanly, and release its queue prefix: a notifier of another database started right after
// (within the claim's 60 s lifetime) must be let in, not refused.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('npm start stopped by a SIGTERM to its whole process group', () => {
  const queuePrefix = `certdesk-test-start-stop-${randomBytes(4).toString('hex')}`;
  const ownerKey = queuePrefixOwnerKey(queuePrefix);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  const stacks: Stack[] = [];

  afterAll(async () => {
    for (const stack of stacks.reverse()) await stack.stop().catch(() => undefined);
    redis.disconnect();
  });

  /** Waits until the prefix is claimed by `stack`'s database (the value names it), or says who holds it. */
  async function claimedBy(stack: Stack, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let owner: string | null = null;
    while (Date.now() < deadline) {
      owner = await redis.get(ownerKey);
      if (owner?.includes(stack.database)) return;
      await sleep(200);
    }
    throw new Error(
      `the queue prefix is held by ${owner ?? 'nobody'}, not ${stack.database}; the stack printed:\n` +
        stack.output().slice(-3000),
    );
  }

  it('releases the queue prefix, so the next database’s stack starts on it at once', async () => {
    const first = await startStack({ QUEUE_PREFIX: queuePrefix }, { processGroup: true });
    stacks.push(first);
    // The notifier took the prefix (it starts once the api has migrated the database).
    await claimedBy(first, 60_000);

    await first.killGroup('SIGTERM');
    expect(first.output()).toMatch(/\[notifier\].*SIGTERM: stopping/);
    expect(await redis.exists(ownerKey)).toBe(0);

    // Another database on the same prefix, well within the 60 s a claim left behind would last.
    const second = await startStack({ QUEUE_PREFIX: queuePrefix }, { processGroup: true });
    stacks.push(second);
    await claimedBy(second, 30_000);
    expect(second.output()).not.toContain('in use by another Certdesk database');
    // Still up: a refused notifier would have taken the whole of `npm start` down with it.
    const health = await fetch(`${second.url}/health`);
    expect(health.status).toBe(200);

    await second.killGroup('SIGTERM');
    expect(await redis.exists(ownerKey)).toBe(0);
  }, 300_000);
});
