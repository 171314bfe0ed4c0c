import { describe, expect, it } from '@jest/globals';
import { parseRedisSentinels } from './redis-endpoint.js';

describe('REDIS_SENTINELS', () => {
  it('reads host:port pairs, IPv6 in brackets, the port defaulting to 26379', () => {
    expect(parseRedisSentinels('sentinel-1:26380, 10.0.0.7 ,[::1]:5000,[fd00::2]')).toEqual([
      { host: 'sentinel-1', port: 26380 },
      { host: '10.0.0.7', port: 26379 },
      { host: '::1', port: 5000 },
      { host: 'fd00::2', port: 26379 },
    ]);
  });

  it.each([
    ['', /at least one/],
    [' , ', /at least one/],
    ['sentinel-1:0', /"sentinel-1:0" is not a host:port/],
    ['sentinel-1:70000', /"sentinel-1:70000" is not a host:port/],
    ['redis://sentinel-1:26379', /is not a host:port/],
    ['::1:26379', /is not a host:port/],
    ['sentinel-1:26379,sentinel 2', /"sentinel 2" is not a host:port/],
  ])('refuses %j, saying why', (text, message) => {
    expect(parseRedisSentinels(text)).toMatch(message);
  });
});
