import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSsin } from '@certdesk/domain';
import { parseCertificate } from '@certdesk/pki';
import type { TestCertificate } from '@certdesk/pki/testing';
import type { DemoCardFile } from '../src/demo/demo-eid.js';
import { loadConfig } from '../src/config/config.js';
import { ensureDemoEid } from '../src/demo/demo-eid.js';
import { seedDemo } from '../src/demo/seed-demo.js';
import { DASHBOARD_ORIGIN, webEidToken } from './support/eid-fixtures.js';
import { ADMIN, bearer, startTestApp, type TestApp } from './support/test-app.js';

interface Login {
  email: string;
  password: string;
  name: string;
  roles: { role: string; organisationName: string | null }[];
}

/** What a card file holds, as the card-bridge's test token would carry it. */
const certificateOf = (stored: DemoCardFile['authentication']): TestCertificate => {
  const der = new Uint8Array(Buffer.from(stored.certificate, 'base64'));
  return {
    der,
    pem: '',
    privateKeyPkcs8: new Uint8Array(Buffer.from(stored.privateKeyPkcs8, 'base64')),
    publicKeySpki: new Uint8Array(),
    keyAlgorithm: stored.keyAlgorithm,
    serialNumber: 0n,
    chain: [],
  };
};

describe('the demo seed (npm start on an empty database)', () => {
  let t: TestApp;
  let apiUrl: string;
  let eidDir: string;
  let cardPath: (key: string) => string;
  const lines: string[] = [];

  beforeAll(async () => {
    eidDir = await mkdtemp(join(tmpdir(), 'certdesk-demo-eid-'));
    const eid = await ensureDemoEid(join(eidDir, 'demo-eid'));
    cardPath = eid.cardPath;
    t = await startTestApp({
      DEMO: 'true',
      EID_TRUST_ANCHORS: eid.trustAnchorsPath,
      PUBLIC_URL: DASHBOARD_ORIGIN,
    });
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.close();
    await rm(eidDir, { recursive: true, force: true });
  });

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

  it('gives every person a valid SSIN and one organisation, and each log-in its own person (no duplicates)', async () => {
    const people = (await t.http().get('/api/v1/people').set(bearer(t.adminToken)).expect(200)).body as {
      id: string;
      name: string;
      ssin: string | null;
      memberships: { organisationId: string }[];
    }[];
    // The central administrator made at start-up is a person too, without an organisation.
    const demoPeople = people.filter((p) => p.memberships.length > 0);
    expect(demoPeople.length).toBeGreaterThanOrEqual(6);
    for (const person of demoPeople) {
      expect(person.memberships).toHaveLength(1);
      // The central administrator sees SSINs unmasked.
      expect(parseSsin(person.ssin ?? '').ok).toBe(true);
    }
    expect(new Set(demoPeople.map((p) => p.name)).size).toBe(demoPeople.length);
    const users = (await t.http().get('/api/v1/users').set(bearer(t.adminToken)).expect(200)).body as {
      email: string;
      personId: string;
    }[];
    const demoLogins = users.filter((u) => u.email !== ADMIN.email);
    expect(demoLogins.length).toBeGreaterThanOrEqual(4);
    const personIds = new Set(demoPeople.map((p) => p.id));
    for (const user of demoLogins) expect(personIds.has(user.personId)).toBe(true);
  });

  it('lists one log-in per organisation role on the demo page, each opening with the password it shows', async () => {
    const demo = await t.http().get('/api/v1/demo').expect(200);
    const logins = demo.body.logins as Login[];
    expect(new Set(logins.flatMap((l) => l.roles.map((r) => r.role)))).toEqual(
      new Set(['org-admin', 'certificate-manager', 'viewer']),
    );
    for (const login of logins) {
      const opened = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: login.email, password: login.password })
        .expect(200);
      const me = await t.http().get('/api/v1/auth/me').set(bearer(opened.body.accessToken)).expect(200);
      expect(me.body.name).toBe(login.name);
      expect(me.body.centralAdmin).toBe(false);
    }
    // This installation's central administrator has a password of their own: never listed.
    expect(JSON.stringify(demo.body)).not.toContain(ADMIN.password);
    expect(logins.map((l) => l.email)).not.toContain(ADMIN.email);
  });

  it("names the demo cards, whose certificates chain to the api's trust anchors and open their holder's log-in", async () => {
    const demo = await t.http().get('/api/v1/demo').expect(200);
    const cards = demo.body.cards as {
      command: string;
      pin: string;
      holders: { key: string; name: string; email: string }[];
    };
    expect(cards.holders.length).toBeGreaterThanOrEqual(2);
    for (const holder of cards.holders) {
      const card = JSON.parse(await readFile(cardPath(holder.key), 'utf8')) as DemoCardFile;
      const authentication = certificateOf(card.authentication);
      expect(parseCertificate(authentication.der).subject).toContainEqual(
        expect.objectContaining({ type: 'SERIALNUMBER', value: card.ssin }),
      );
      const challenge = await t.http().post('/api/v1/auth/eid/challenge').expect(200);
      const login = await t
        .http()
        .post('/api/v1/auth/eid/login')
        .set('Origin', DASHBOARD_ORIGIN)
        .send({
          nonce: challenge.body.nonce,
          token: webEidToken(authentication, DASHBOARD_ORIGIN, challenge.body.nonce),
        });
      expect(login.status).toBe(200);
      const me = await t.http().get('/api/v1/auth/me').set(bearer(login.body.accessToken)).expect(200);
      expect(me.body).toMatchObject({ name: holder.name, email: holder.email });
    }
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

describe('the demo page of an installation that is not the demo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('answers 404 and names no log-in', async () => {
    const demo = await t.http().get('/api/v1/demo').expect(404);
    expect(demo.body.code).toBe('NOT_FOUND');
    expect(JSON.stringify(demo.body)).not.toContain(ADMIN.email);
  });

  it('refuses to start as the demo in production', () => {
    const production = { NODE_ENV: 'production', TOKEN_SECRET: 'x'.repeat(32), DEMO: 'true' };
    expect(() => loadConfig(production)).toThrow(/DEMO: .*never with NODE_ENV=production/);
    expect(loadConfig({ ...production, DEMO: 'false' }).demo).toBe(false);
  });
});
