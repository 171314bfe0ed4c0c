import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

const minimal = { SMTP_URL: 'smtp://127.0.0.1:1025' };

describe('the notifier configuration', () => {
  it('has defaults for everything but the SMTP server', () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'certdesk',
      reminderCron: '0 6 * * *',
      reminderTimeZone: 'Europe/Brussels',
      publicUrl: 'http://localhost:3000',
      smtp: { maxConnections: 5, ratePerSecond: 0 },
      send: { concurrency: 10, attempts: 10, retryDelayMs: 30_000 },
      databasePoolSize: 15,
      expiredWithinDays: 30,
    });
  });

  it('refuses to guess where mail goes', () => {
    expect(() => loadConfig({})).toThrow(/SMTP_URL/);
  });

  it.each([
    ['SMTP_URL', 'http://mail.example'],
    ['REDIS_URL', 'postgres://x'],
    ['DATABASE_URL', 'redis://x'],
    ['REMINDER_CRON', 'every day'],
    ['REMINDER_TIMEZONE', 'Europe/Nowhere'],
    ['SMTP_MAX_CONNECTIONS', '0'],
    ['SMTP_RATE_PER_SECOND', '-1'],
    ['QUEUE_PREFIX', 'a:b'],
    ['PUBLIC_URL', 'ftp://certdesk'],
  ])('names a bad %s', (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ ...minimal, [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable)).toEqual([variable]);
  });

  it('reads every setting, an empty variable counting as unset', () => {
    const config = loadConfig({
      ...minimal,
      PUBLIC_URL: 'https://certdesk.example.be/',
      REMINDER_CRON: '30 7 * * 1-5',
      REMINDER_TIMEZONE: 'UTC',
      SMTP_RATE_PER_SECOND: '12',
      SEND_CONCURRENCY: '4',
      DATABASE_POOL_SIZE: '',
      QUEUE_PREFIX: 'certdesk-staging',
    });
    expect(config).toMatchObject({
      publicUrl: 'https://certdesk.example.be',
      reminderCron: '30 7 * * 1-5',
      reminderTimeZone: 'UTC',
      smtp: { ratePerSecond: 12 },
      databasePoolSize: 9,
      queuePrefix: 'certdesk-staging',
    });
  });

  it('reaches Redis through Sentinel when REDIS_SENTINELS lists them, REDIS_URL then giving only the password', () => {
    expect(loadConfig(minimal).redisSentinel).toBeNull();
    const config = loadConfig({
      ...minimal,
      REDIS_URL: 'redis://:queue-secret@ignored:6379/2',
      REDIS_SENTINELS: 'sentinel-1:26379,sentinel-2',
      REDIS_SENTINEL_NAME: 'certdesk',
    });
    expect(config.redisSentinel).toEqual({
      sentinels: [
        { host: 'sentinel-1', port: 26379 },
        { host: 'sentinel-2', port: 26379 },
      ],
      name: 'certdesk',
      password: null,
    });
    expect(loadConfig({ ...minimal, REDIS_SENTINELS: '[::1]:5000' }).redisSentinel?.name).toBe('mymaster');
  });

  it.each([
    [{ REDIS_SENTINELS: 'sentinel-1:99999' }, 'REDIS_SENTINELS', /is not a host:port/],
    [{ REDIS_SENTINEL_NAME: 'certdesk' }, 'REDIS_SENTINEL_NAME', /set REDIS_SENTINELS/],
    [{ REDIS_SENTINEL_PASSWORD: 'secret' }, 'REDIS_SENTINEL_PASSWORD', /set REDIS_SENTINELS/],
  ])('refuses a half-given Sentinel setting %j, naming it', (env, variable, message) => {
    let error: unknown;
    try {
      loadConfig({ ...minimal, ...env });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual([{ variable, message: expect.stringMatching(message) }]);
  });
});

describe('READINESS_* (the readiness digest line and escalation)', () => {
  it('reads the policy the api reads, and names the variable to blame when two disagree', () => {
    expect(
      loadConfig({ ...minimal, READINESS_DIGEST_DAYS: '200', READINESS_ESCALATION_DAYS: '150' }).readiness,
    ).toMatchObject({ digestFromDays: 200, escalationAtDays: 150 });
    expect(() =>
      loadConfig({ ...minimal, READINESS_DIGEST_DAYS: '100', READINESS_ESCALATION_DAYS: '120' }),
    ).toThrow(/READINESS_ESCALATION_DAYS.*must not come before the digest/);
    expect(() => loadConfig({ ...minimal, READINESS_LEAD_TIME_DAYS: '90' })).toThrow(
      /READINESS_LEAD_TIME_DAYS.*shorter than the 90-day renewal window/,
    );
  });
});
