// Where the api and the notifier find the queues' Redis: one server (REDIS_URL), or the Redis Sentinels that know
// which server is the primary now (REDIS_SENTINELS + REDIS_SENTINEL_NAME). Both apps read the same variables the
// same way; each builds its own ioredis connection from this.

export interface RedisSentinelAddress {
  host: string;
  port: number;
}

/** Redis through Sentinel: ioredis asks these for the current primary of `name`, and again after a failover. */
export interface RedisSentinelSettings {
  sentinels: RedisSentinelAddress[];
  /** The primary's name in the Sentinels' configuration (`sentinel monitor <name> ...`). */
  name: string;
  /** The Sentinels' own password (`requirepass` in sentinel.conf); null: none. */
  password: string | null;
}

/** Sentinel's conventional name for the monitored primary (its sample configuration's). */
export const DEFAULT_REDIS_SENTINEL_NAME = 'mymaster';
const DEFAULT_SENTINEL_PORT = 26379;

/**
 * `host:port` pairs separated by commas (`[::1]:26379` for IPv6; the port defaults to Sentinel's 26379). Returns
 * the addresses, or a message saying what is wrong.
 */
export function parseRedisSentinels(text: string): RedisSentinelAddress[] | string {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) return 'must list at least one Sentinel as host:port';
  const addresses: RedisSentinelAddress[] = [];
  for (const entry of entries) {
    const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]/]+))(?::([0-9]{1,5}))?$/.exec(entry);
    const port = match?.[3] === undefined ? DEFAULT_SENTINEL_PORT : Number(match[3]);
    if (!match || port < 1 || port > 65535) {
      return `"${entry}" is not a host:port (e.g. sentinel-1:26379,sentinel-2:26379,[::1]:26379)`;
    }
    addresses.push({ host: match[1] ?? match[2]!, port });
  }
  return addresses;
}
