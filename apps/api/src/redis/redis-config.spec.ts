import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../config/config.js';
import { configProblems, MINIMAL_ENV } from '../../test/support/config-problems.js';

describe('the api reaches Redis', () => {
  it('at REDIS_URL by default, without Sentinel', () => {
    expect(loadConfig(MINIMAL_ENV)).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      redisSentinel: null,
    });
  });

  it('through the Sentinels REDIS_SENTINELS lists, asking them for REDIS_SENTINEL_NAME (default mymaster)', () => {
    expect(
      loadConfig({
        ...MINIMAL_ENV,
        REDIS_URL: 'redis://:queue-secret@ignored:6379',
        REDIS_SENTINELS: 'sentinel-1:26379, sentinel-2:26380',
        REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
      }).redisSentinel,
    ).toEqual({
      sentinels: [
        { host: 'sentinel-1', port: 26379 },
        { host: 'sentinel-2', port: 26380 },
      ],
      name: 'mymaster',
      password: 'sentinel-secret',
    });
  });

  it.each([
    [{ REDIS_SENTINELS: 'redis://sentinel-1:26379' }, 'REDIS_SENTINELS', /is not a host:port/],
    [{ REDIS_SENTINELS: 'sentinel-1', REDIS_SENTINEL_NAME: 'a b' }, 'REDIS_SENTINEL_NAME', /letters, digits/],
    [{ REDIS_SENTINEL_NAME: 'certdesk' }, 'REDIS_SENTINEL_NAME', /set REDIS_SENTINELS/],
    [{ REDIS_SENTINEL_PASSWORD: 'secret' }, 'REDIS_SENTINEL_PASSWORD', /set REDIS_SENTINELS/],
  ])('refuses %j, naming the variable', (env, variable, message) => {
    expect(configProblems(env)).toEqual([{ variable, message: expect.stringMatching(message) }]);
  });
});
