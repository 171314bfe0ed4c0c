import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { seedDemo } from '../src/demo/seed-demo.js';
import { ADMIN, bearer, startTestApp, type TestApp } from './support/test-app.js';

describe('the demo seed (npm start on an empty database)', () => {
  let t: TestApp;
  let apiUrl: string;
  const lines: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  it('creates two institutions and an ambulance service with ~30 certificates in every status, through the api', async () => {
    const result = await seedDemo({
      apiUrl,
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
      log: (l) => lines.push(l),
    });
    expect(result).toMatchObject({ seeded: true, organisations: 3 });
    expect(result.certificates).toBeGreaterThanOrEqual(25);

    const organisations = await t.http().get('/api/v1/organisations').set(bearer(t.adminToken)).expect(200);
    expect(
      organisations.body
        .map((o: { name: string }) => o.name)
        .sort((a: string, b: string) => a.localeCompare(b)),
    ).toEqual(['Ambulances de Namur', 'AZ Sint-Jan Brugge', 'Clinique Saint-Luc Bruxelles']);
    const list = await t
      .http()
      .get('/api/v1/certificates?limit=100&state=active&state=revoked&state=superseded')
      .set(bearer(t.adminToken))
      .expect(200);
    const items = list.body.items as {
      status: string;
      state: string;
      renewal: { phase: number } | null;
      manager: unknown;
    }[];
    expect(items.length).toBe(result.certificates);
    expect(new Set(items.map((c) => c.status))).toEqual(
      new Set(['not-yet-valid', 'valid', 'renewable', 'expired']),
    );
    expect(items.some((c) => c.state === 'revoked')).toBe(true);
    expect(
      items
        .filter((c) => c.renewal)
        .map((c) => c.renewal!.phase)
        .sort(),
    ).toEqual([1, 2, 3]);
    expect(items.every((c) => c.manager)).toBe(true);
  });

  it('does nothing on a database that already holds organisations', async () => {
    const again = await seedDemo({
      apiUrl,
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
      log: () => {},
    });
    expect(again.seeded).toBe(false);
  });
});
