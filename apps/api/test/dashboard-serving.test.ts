import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@certdesk/persistence/testing';
import { loadConfig } from '../src/config/config.js';
import { createApp } from '../src/create-app.js';

const INDEX_HTML = '<!doctype html><title>Certdesk</title><div id="root"></div>';

describe('the api serves the built dashboard at /', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let dashboardDir: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    dashboardDir = await mkdtemp(join(tmpdir(), 'certdesk-dashboard-'));
    await mkdir(join(dashboardDir, 'assets'));
    await writeFile(join(dashboardDir, 'index.html'), INDEX_HTML);
    await writeFile(join(dashboardDir, 'assets', 'index-abc123.js'), 'console.log("dashboard")');
    database = await createTestDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '2',
      TOKEN_SECRET: 'test-token-secret-that-is-long-enough-000',
    });
    app = await createApp(config, { logger: ['error'], dashboardDir });
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
    await rm(dashboardDir, { recursive: true, force: true });
  });

  it.each(['/', '/certificates', '/certificates/2d1f7a8e-0000-4000-8000-000000000000', '/organisations?x=1'])(
    'GET %s answers the dashboard page, never cached',
    async (path) => {
      const response = await http().get(path).expect(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.text).toBe(INDEX_HTML);
    },
  );

  it('lets the browser revalidate the page it may not keep (ETag, 304)', async () => {
    const first = await http().get('/certificates').expect(200);
    expect(first.headers.etag).toBeDefined();
    const again = await http().get('/certificates').set('If-None-Match', first.headers.etag!);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
  });

  it('serves its hashed assets, cached for good', async () => {
    const response = await http().get('/assets/index-abc123.js').expect(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it.each([
    ['/api/v1/no-such-route', 404],
    ['/api/v1/auth/me', 401],
    ['/health', 200],
    ['/calendar/no-such-feed', 404],
  ])('leaves the api its own paths: GET %s answers %i, not the page', async (path, status) => {
    const response = await http().get(path);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/application\/json/);
  });

  it('does not answer other methods with the page', async () => {
    const response = await http().post('/certificates').send({});
    expect(response.status).toBe(404);
    expect(response.text).not.toBe(INDEX_HTML);
  });
});
