import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '@certdesk/persistence/testing';
import { createApp } from '../../src/create-app.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';

export const ADMIN = { email: 'admin@certdesk.test', password: 'central-admin-password' };

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  database: TestDatabase;
  /** supertest bound to the running app. */
  http: () => ReturnType<typeof request>;
  /** A bearer token for the central administrator. */
  adminToken: string;
  login(email: string, password: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The whole api on a fresh, migrated database of its own (one per test file), and queues of its own in Redis (a
 * prefix of its own, its keys removed at close unless the test chose the prefix): a job one test queues is never
 * worked by another test's api, on its database.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const ownPrefix = env.QUEUE_PREFIX ? null : `certdesk-test-api-${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '5',
    TOKEN_SECRET: 'test-token-secret-that-is-long-enough-000',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    PUBLIC_URL: 'http://certdesk.test',
    ...(ownPrefix ? { QUEUE_PREFIX: ownPrefix } : {}),
    ...env,
  });
  const app = await createApp(config, { logger: ['error'] });
  await app.init();
  const http = () => request(app.getHttpServer());
  const login = async (email: string, password: string) => {
    const response = await http().post('/api/v1/auth/login').send({ email, password });
    if (response.status !== 200)
      throw new Error(`log-in as ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.accessToken as string;
  };
  const adminToken = await login(ADMIN.email, ADMIN.password);
  return {
    app,
    config,
    database,
    http,
    adminToken,
    login,
    close: async () => {
      await app.close();
      await database.drop();
      if (ownPrefix) await removeQueueKeys(config.redisUrl, ownPrefix);
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Removes a test's queues, every key under `prefix`, from Redis, if it answers (some tests point the api at none). */
export async function removeQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // No Redis to clean.
  } finally {
    redis.disconnect();
  }
}
