// Who may talk to the bridge: loopback Host only, allowed Origins only (CORS and Private Network Access
// for them alone), a pairing token on every request, and bounded request bodies.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from '@jest/globals';
import { CARD_BRIDGE_MAX_BODY_BYTES, CARD_BRIDGE_ROUTES } from '@certdesk/contracts';
import type { CardBridgeOptions } from '../src/index.js';
import { startTestBridge, type TestBridge } from './support/bridge.js';
import { DASHBOARD_ORIGIN, call } from './support/http.js';

describe('HTTP security', () => {
  let test: TestBridge;
  let clock = Date.now();

  afterEach(async () => {
    await test?.close();
  });

  async function start(pairing?: CardBridgeOptions['pairing']) {
    clock = Date.now();
    test = await startTestBridge(
      { allowedOrigins: [DASHBOARD_ORIGIN, 'http://localhost:4200'] },
      { pairing, now: () => new Date(clock) },
    );
    return test;
  }

  it('listens on 127.0.0.1 only', async () => {
    await start();
    expect(test.bridge.url).toBe(`http://127.0.0.1:${test.port}`);
  });

  it.each([
    ['a rebound DNS name', (port: number) => `evil.example:${port}`],
    ['another port', () => '127.0.0.1:1'],
    ['no port', () => '127.0.0.1'],
  ])('refuses a Host header with %s (DNS rebinding)', async (_name, host) => {
    await start();
    const token = await test.pair();
    const response = await call(test.port, { path: CARD_BRIDGE_ROUTES.status, token, host: host(test.port) });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('HOST_NOT_ALLOWED');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('accepts localhost:<port> as the Host', async () => {
    await start();
    const token = await test.pair();
    const response = await call(test.port, {
      path: CARD_BRIDGE_ROUTES.status,
      token,
      host: `localhost:${test.port}`,
    });
    expect(response.status).toBe(200);
  });

  it.each([
    ['a foreign origin', 'https://evil.example'],
    ['a look-alike origin', 'https://certdesk.test.evil.example'],
    ['the null origin', 'null'],
    ['no origin', null],
  ])('refuses %s, without CORS headers', async (_name, origin) => {
    await start();
    const token = await test.pair();
    const response = await call(test.port, { path: CARD_BRIDGE_ROUTES.status, token, origin });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('ORIGIN_NOT_ALLOWED');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a CORS preflight, with Private Network Access, for an allowed origin only', async () => {
    await start();
    const preflight = {
      method: 'OPTIONS',
      path: CARD_BRIDGE_ROUTES.sign,
      headers: {
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
        'access-control-request-private-network': 'true',
      },
    };
    const allowed = await call(test.port, preflight);
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(DASHBOARD_ORIGIN);
    expect(allowed.headers['access-control-allow-private-network']).toBe('true');
    expect(String(allowed.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');

    const refused = await call(test.port, { ...preflight, origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    expect(refused.headers['access-control-allow-private-network']).toBeUndefined();
  });

  it('requires the pairing token on every route but the pairing ones', async () => {
    await start();
    const token = await test.pair();
    const paired = Object.entries(CARD_BRIDGE_ROUTES).filter(
      ([name]) => name !== 'pair' && name !== 'pairingCode',
    );
    for (const [, path] of paired) {
      const method =
        path === CARD_BRIDGE_ROUTES.status ||
        path === CARD_BRIDGE_ROUTES.card ||
        path === CARD_BRIDGE_ROUTES.keystores
          ? 'GET'
          : 'POST';
      for (const bad of [undefined, 'not-a-token', `${token}x`]) {
        const response = await call(test.port, {
          path,
          method,
          token: bad,
          body: method === 'POST' ? {} : undefined,
        });
        expect([path, bad, response.status, response.body.error.code]).toEqual([
          path,
          bad,
          401,
          'PAIRING_REQUIRED',
        ]);
      }
    }
    const ok = await call(test.port, { path: CARD_BRIDGE_ROUTES.status, token });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe(DASHBOARD_ORIGIN);
    expect(ok.headers['cache-control']).toBe('no-store');
  });

  it('binds a token to the origin that paired', async () => {
    await start();
    const token = await test.pair();
    const otherOrigin = await call(test.port, {
      path: CARD_BRIDGE_ROUTES.status,
      token,
      origin: 'http://localhost:4200',
    });
    expect(otherOrigin.status).toBe(401);
  });

  it('a token expires', async () => {
    await start({ tokenLifetimeMs: 60_000 });
    const token = await test.pair();
    clock += 61_000;
    const response = await call(test.port, { path: CARD_BRIDGE_ROUTES.status, token });
    expect(response.body.error.code).toBe('PAIRING_REQUIRED');
  });

  it('shows the pairing code locally and never returns it over HTTP', async () => {
    await start();
    const issued = await call(test.port, { path: CARD_BRIDGE_ROUTES.pairingCode, method: 'POST' });
    expect(issued.status).toBe(200);
    expect(Object.keys(issued.body)).toEqual(['expiresAt']);
    expect(test.shownCodes).toHaveLength(1);
    expect(test.shownCodes[0]).toMatch(/^\d{4} \d{4}$/);
  });

  it('a pairing code works once', async () => {
    await start();
    await call(test.port, { path: CARD_BRIDGE_ROUTES.pairingCode, method: 'POST' });
    const code = test.shownCodes[0];
    expect((await call(test.port, { path: CARD_BRIDGE_ROUTES.pair, body: { code } })).status).toBe(200);
    const reused = await call(test.port, { path: CARD_BRIDGE_ROUTES.pair, body: { code } });
    expect(reused.status).toBe(410);
    expect(reused.body.error.code).toBe('PAIRING_CODE_EXPIRED');
  });

  it('a pairing code expires', async () => {
    await start({ codeLifetimeMs: 60_000 });
    await call(test.port, { path: CARD_BRIDGE_ROUTES.pairingCode, method: 'POST' });
    clock += 61_000;
    const late = await call(test.port, { path: CARD_BRIDGE_ROUTES.pair, body: { code: test.shownCodes[0] } });
    expect(late.body.error.code).toBe('PAIRING_CODE_EXPIRED');
  });

  it('a pairing code dies after its allowed wrong tries, even for the right code afterwards', async () => {
    await start({ maxAttemptsPerCode: 3 });
    await call(test.port, { path: CARD_BRIDGE_ROUTES.pairingCode, method: 'POST' });
    const code = test.shownCodes[0]!;
    const wrongCode = code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push(
        (await call(test.port, { path: CARD_BRIDGE_ROUTES.pair, body: { code: wrongCode } })).body.error.code,
      );
    expect(answers).toEqual(['PAIRING_CODE_INVALID', 'PAIRING_CODE_INVALID', 'PAIRING_CODE_INVALID']);
    const right = await call(test.port, { path: CARD_BRIDGE_ROUTES.pair, body: { code } });
    expect(right.body.error.code).toBe('PAIRING_CODE_EXPIRED');
  });

  it('limits how many pairing codes can be asked for', async () => {
    await start({ maxCodesPerWindow: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await call(test.port, { path: CARD_BRIDGE_ROUTES.pairingCode, method: 'POST' })).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect(test.shownCodes).toHaveLength(2);
  });

  it('refuses an oversized body with 413, before reading it all', async () => {
    await start();
    const token = await test.pair();
    const big = JSON.stringify({ nonce: 'A'.repeat(CARD_BRIDGE_MAX_BODY_BYTES) });
    const response = await call(test.port, { path: CARD_BRIDGE_ROUTES.authenticate, token, rawBody: big });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('stops reading a streamed body once it passes the limit', async () => {
    await start();
    const token = await test.pair();
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: test.port,
          method: 'POST',
          path: CARD_BRIDGE_ROUTES.authenticate,
          headers: {
            host: `127.0.0.1:${test.port}`,
            origin: DASHBOARD_ORIGIN,
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'transfer-encoding': 'chunked',
          },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      const chunk = 'A'.repeat(16 * 1024);
      for (let sent = 0; sent <= CARD_BRIDGE_MAX_BODY_BYTES * 2; sent += chunk.length) req.write(chunk);
      req.end();
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it.each([
    ['a body that is not JSON', { rawBody: '{nonce', contentType: 'application/json' }, 400, 'BAD_REQUEST'],
    [
      'a body sent as a form',
      { rawBody: 'nonce=x', contentType: 'application/x-www-form-urlencoded' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a nonce shorter than 256 bits',
      { body: { nonce: Buffer.alloc(16).toString('base64') } },
      400,
      'BAD_REQUEST',
    ],
    [
      'a PIN sent over HTTP',
      { body: { nonce: Buffer.alloc(32).toString('base64'), pin: '1234' } },
      400,
      'BAD_REQUEST',
    ],
  ] as const)('refuses %s', async (_name, request, status, code) => {
    await start();
    const token = await test.pair();
    const response = await call(test.port, { path: CARD_BRIDGE_ROUTES.authenticate, token, ...request });
    expect([response.status, response.body.error.code]).toEqual([status, code]);
  });

  it('refuses a sign request whose digest does not match its algorithm, or without a description', async () => {
    await start();
    const token = await test.pair();
    const digest = Buffer.alloc(32).toString('base64');
    const wrongLength = await call(test.port, {
      path: CARD_BRIDGE_ROUTES.sign,
      token,
      body: { digestAlgorithm: 'SHA-384', digest, description: 'x' },
    });
    expect(wrongLength.body.error).toMatchObject({ code: 'BAD_REQUEST', details: { field: 'digest' } });
    const noDescription = await call(test.port, {
      path: CARD_BRIDGE_ROUTES.sign,
      token,
      body: { digestAlgorithm: 'SHA-256', digest, description: ' ' },
    });
    expect(noDescription.body.error).toMatchObject({
      code: 'BAD_REQUEST',
      details: { field: 'description' },
    });
  });

  it('answers unknown routes and wrong methods with 404 and 405', async () => {
    await start();
    const token = await test.pair();
    expect((await call(test.port, { path: '/v1/nothing', token })).status).toBe(404);
    expect((await call(test.port, { path: CARD_BRIDGE_ROUTES.sign, token })).status).toBe(405);
  });
});
