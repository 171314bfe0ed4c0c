import type { Redis } from 'ioredis';
import { queuePrefixOwnerKey } from '@certdesk/contracts';

/** The claim lapses this long after its notifier stopped renewing it (a crashed notifier frees its prefix). */
export const OWNER_TTL_SECONDS = 60;
const RENEW_EVERY_MS = (OWNER_TTL_SECONDS * 1000) / 3;

// Takes or renews the claim when the key is free or already ours (by installation id); else answers the owner.
const CLAIM = `
local current = redis.call('GET', KEYS[1])
if current and string.sub(current, 1, string.len(ARGV[1]) + 1) ~= ARGV[1] .. ' ' then return current end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return false`;

const RELEASE = `
local current = redis.call('GET', KEYS[1])
if current and string.sub(current, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. ' ' then redis.call('DEL', KEYS[1]) end
return 1`;

export class QueuePrefixTakenError extends Error {
  constructor(prefix: string, owner: string) {
    super(
      `the queue prefix "${prefix}" on this Redis is in use by another Certdesk database (${owner}). Two databases ` +
        `on one prefix would take each other's reminder jobs: give each installation its own QUEUE_PREFIX.`,
    );
    this.name = 'QueuePrefixTakenError';
  }
}

/**
 * One installation (database) per queue prefix. Every notifier of that installation renews the claim; a notifier
 * of another database refuses to start while it is held. Released at shutdown; lapses after a crash.
 */
export class QueueOwnership {
  private readonly key: string;
  private readonly value: string;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly installationId: string,
    /** Shown to the other installation's operator: which database holds the prefix. */
    database: string,
  ) {
    this.key = queuePrefixOwnerKey(prefix);
    this.value = `${installationId} ${database}`;
  }

  /** Takes the prefix, or throws QueuePrefixTakenError naming the database that holds it. */
  async claim(): Promise<void> {
    const owner = (await this.redis.eval(
      CLAIM,
      1,
      this.key,
      this.installationId,
      this.value,
      OWNER_TTL_SECONDS,
    )) as string | null;
    if (owner) throw new QueuePrefixTakenError(this.prefix, owner);
  }

  /** Renews the claim until release(); `onFailure` hears when it could not (Redis away, or the prefix taken). */
  keepClaimed(onFailure: (error: Error) => void): void {
    this.timer = setInterval(() => {
      this.claim().catch(onFailure);
    }, RENEW_EVERY_MS);
    this.timer.unref();
  }

  async release(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.redis.eval(RELEASE, 1, this.key, this.installationId);
  }
}
