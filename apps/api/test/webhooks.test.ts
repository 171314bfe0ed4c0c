import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { openWebhookSecret, webhookSecretKey } from '@certdesk/persistence';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const TEAMS_URL =
  'https://prod-12.westeurope.logic.azure.com:443/workflows/0a1b/triggers/manual/paths/invoke?api-version=2016-06-01&sig=SeCrEtSiGnAtUrE';

/** Webhook subscriptions through the api: secrets shown once and sealed at rest, URL rules, hostile input, audit. */
describe('webhooks (api)', () => {
  let t: TestApp;
  let db: DataSource;
  let organisation: { id: string };
  let admin: TestUser;

  const subscribe = (body: Record<string, unknown> = {}, token = admin.token) =>
    t
      .http()
      .post('/api/v1/webhooks')
      .set(bearer(token))
      .send({
        organisationId: organisation.id,
        name: 'Service desk',
        url: 'https://hooks.example.org/certdesk',
        format: 'json',
        events: ['certificate.expiring', 'certificate.revoked'],
        ...body,
      });

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    organisation = await createOrganisation(t);
    admin = await createUser(t, [{ role: 'org-admin', organisationId: organisation.id }]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows the secret once, at creation, and keeps it sealed: nowhere in the database in clear', async () => {
    const created = await subscribe().expect(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.body).toMatchObject({ enabled: true, consecutiveFailures: 0, format: 'json' });
    const { secret, id } = created.body as { secret: string; id: string };

    const read = await t.http().get(`/api/v1/webhooks/${id}`).set(bearer(admin.token)).expect(200);
    expect(read.body).not.toHaveProperty('secret');
    const listed = await t.http().get('/api/v1/webhooks').set(bearer(admin.token)).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    expect(JSON.stringify(await snapshot(t))).not.toContain(secret.slice(6));
    const [row] = await db.query('SELECT secret_ciphertext FROM webhook_subscription WHERE id = $1', [id]);
    const key = webhookSecretKey(t.config.tokenSecret);
    expect(openWebhookSecret(key, id, row.secret_ciphertext)).toBe(secret);
  });

  const HOUR = 3_600_000;
  const key = () => webhookSecretKey(t.config.tokenSecret);
  const rotate = (id: string, body?: unknown) => {
    const request = t.http().post(`/api/v1/webhooks/${id}/secret`).set(bearer(admin.token));
    return body === undefined ? request : request.send(body as object);
  };
  const secretsOf = async (id: string) => {
    const [row] = await db.query(
      `SELECT secret_ciphertext, previous_secret_ciphertext, previous_secret_until
         FROM webhook_subscription WHERE id = $1`,
      [id],
    );
    return {
      current: openWebhookSecret(key(), id, row.secret_ciphertext),
      previous: row.previous_secret_ciphertext
        ? openWebhookSecret(key(), id, row.previous_secret_ciphertext)
        : null,
      until: row.previous_secret_until as Date | null,
    };
  };
  const lastRotationAudit = async () =>
    (
      await db.query(
        `SELECT after FROM audit_event WHERE action = 'webhook.secret-rotated' ORDER BY id DESC LIMIT 1`,
      )
    )[0].after;

  it('rotates the secret, keeping the old one valid for 24 hours by default, and shows until when', async () => {
    const { id, secret: first } = (await subscribe().expect(201)).body;
    const asked = Date.now();
    const rotated = await rotate(id).expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(first);
    const until = Date.parse(rotated.body.previousSecretValidUntil);
    expect(until).toBeGreaterThanOrEqual(asked + 24 * HOUR - 1000);
    expect(until).toBeLessThanOrEqual(Date.now() + 24 * HOUR);
    expect(await secretsOf(id)).toEqual({
      current: rotated.body.secret,
      previous: first,
      until: new Date(until),
    });
    const read = await t.http().get(`/api/v1/webhooks/${id}`).set(bearer(admin.token)).expect(200);
    expect(read.body.previousSecretValidUntil).toBe(rotated.body.previousSecretValidUntil);
    expect(read.body).not.toHaveProperty('secret');
    const listed = await t.http().get('/api/v1/webhooks').set(bearer(admin.token)).expect(200);
    expect(listed.body.webhooks.find((w: { id: string }) => w.id === id).previousSecretValidUntil).toBe(
      rotated.body.previousSecretValidUntil,
    );
    expect(JSON.stringify(listed.body)).not.toContain(first);
    expect(await lastRotationAudit()).toEqual({
      id,
      keepPreviousForHours: 24,
      previousSecretValidUntil: rotated.body.previousSecretValidUntil,
    });
    expect(JSON.stringify(await lastRotationAudit())).not.toContain(first.slice(6));
  });

  it('keeps the old secret as long as asked; a second rotation keeps only the secret it replaces', async () => {
    const { id, secret: first } = (await subscribe().expect(201)).body;
    const second = (await rotate(id, { keepPreviousForHours: 168 }).expect(200)).body;
    expect(Date.parse(second.previousSecretValidUntil) - Date.now()).toBeGreaterThan(167.9 * HOUR);
    const third = (await rotate(id, { keepPreviousForHours: 2 }).expect(200)).body;
    const secrets = await secretsOf(id);
    expect(secrets).toMatchObject({ current: third.secret, previous: second.secret });
    expect(JSON.stringify(secrets)).not.toContain(first);
    expect(Date.parse(third.previousSecretValidUntil) - Date.now()).toBeLessThanOrEqual(2 * HOUR);
  });

  it('with 0 drops the old secret at once (a leaked secret), and a grace that ended shows as none', async () => {
    const { id } = (await subscribe().expect(201)).body;
    await rotate(id).expect(200);
    const rotated = await rotate(id, { keepPreviousForHours: 0 }).expect(200);
    expect(rotated.body.previousSecretValidUntil).toBeNull();
    expect(await secretsOf(id)).toEqual({ current: rotated.body.secret, previous: null, until: null });
    expect(await lastRotationAudit()).toEqual({
      id,
      keepPreviousForHours: 0,
      previousSecretValidUntil: null,
    });

    await rotate(id, {}).expect(200);
    await db.query(
      `UPDATE webhook_subscription SET previous_secret_until = now() - interval '1 minute' WHERE id = $1`,
      [id],
    );
    const read = await t.http().get(`/api/v1/webhooks/${id}`).set(bearer(admin.token)).expect(200);
    expect(read.body.previousSecretValidUntil).toBeNull();
  });

  it.each([
    ['a negative grace', { keepPreviousForHours: -1 }],
    ['more than a week', { keepPreviousForHours: 169 }],
    ['a fraction of an hour', { keepPreviousForHours: 1.5 }],
    ['text', { keepPreviousForHours: 'x' }],
    ['a number as text', { keepPreviousForHours: '24' }],
    ['null', { keepPreviousForHours: null }],
    ['a nested object', { keepPreviousForHours: { hours: 24 } }],
    ['an unknown field', { secret: 'whsec_chosen' }],
    ['an unknown field beside a valid one', { keepPreviousForHours: 24, previousSecret: 'whsec_x' }],
    ['a list', [{ keepPreviousForHours: 0 }]],
  ])('refuses a rotation with %s with 400 and changes nothing', async (_, body) => {
    const { id } = (await subscribe().expect(201)).body;
    const before = await snapshot(t);
    const response = await rotate(id, body);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).not.toContain('whsec_');
    expect(await snapshot(t)).toEqual(before);
  });

  it('hides a Teams URL’s signature in answers and in the audit trail, and keeps it to post to', async () => {
    const created = await subscribe({ url: TEAMS_URL, format: 'teams', language: 'nl' }).expect(201);
    expect(created.body.url).toBe(
      'https://prod-12.westeurope.logic.azure.com/workflows/0a1b/triggers/manual/paths/invoke?api-version=…&sig=…',
    );
    const audit = await db.query(`SELECT before, after FROM audit_event WHERE action LIKE 'webhook.%'`);
    expect(JSON.stringify(audit)).not.toContain('SeCrEtSiGnAtUrE');
    const [row] = await db.query('SELECT url FROM webhook_subscription WHERE id = $1', [created.body.id]);
    expect(row.url).toContain('sig=SeCrEtSiGnAtUrE');
  });

  it.each([
    ['loopback', 'http://127.0.0.1:8080/hook', 'PRIVATE_ADDRESS'],
    ['a private network', 'http://10.0.0.8/hook', 'PRIVATE_ADDRESS'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/', 'PRIVATE_ADDRESS'],
    ['localhost', 'http://localhost/hook', 'PRIVATE_ADDRESS'],
    ['IPv6 loopback', 'http://[::1]/hook', 'PRIVATE_ADDRESS'],
    ['another scheme', 'file:///etc/passwd', 'SCHEME'],
    ['credentials in the URL', 'https://user:password@hooks.example.org/x', 'CREDENTIALS'],
    ['not a URL', 'hooks.example.org', 'NOT_A_URL'],
  ])('refuses %s with 422, naming the rule, and changes nothing', async (_, url, rule) => {
    const before = await snapshot(t);
    const response = await subscribe({ url }).expect(422);
    expect(response.body).toMatchObject({ code: 'INVALID_WEBHOOK_URL', details: { rule } });
    expect(response.body.message).toMatch(/^url: /);
    expect(await snapshot(t)).toEqual(before);
  });

  it.each([
    ['a huge URL', { url: `https://hooks.example.org/${'a'.repeat(5000)}` }],
    ['a huge name', { name: 'n'.repeat(10_000) }],
    ['a blank name', { name: '   ' }],
    ['control characters in the name', { name: 'Desk\u001b[31m' }],
    ['a line feed in the URL', { url: 'https://hooks.example.org/a\r\nX-Injected: 1' }],
    ['a nested object for the URL', { url: { href: { href: 'https://x.org' } } }],
    ['an unknown event', { events: ['certificate.deleted'] }],
    ['no event', { events: [] }],
    ['an event twice', { events: ['certificate.expired', 'certificate.expired'] }],
    ['an unknown format', { format: 'slack' }],
    ['an unknown language', { language: 'de' }],
    ['a missing organisation field', { organisationId: undefined }],
    ['a malformed organisation id', { organisationId: "1' OR '1'='1" }],
    ['an unknown field', { secret: 'whsec_chosen' }],
  ])('refuses %s with 400 and changes nothing', async (_, body) => {
    const before = await snapshot(t);
    const response = await subscribe(body);
    expect(response.status).toBe(400);
    expect(await snapshot(t)).toEqual(before);
  });

  it('refuses a bad URL in a change too, and keeps the old one', async () => {
    const { id } = (await subscribe().expect(201)).body;
    const before = await snapshot(t);
    await t
      .http()
      .patch(`/api/v1/webhooks/${id}`)
      .set(bearer(admin.token))
      .send({ url: 'http://192.168.1.1/' })
      .expect(422);
    expect(await snapshot(t)).toEqual(before);
  });

  it('an administrator disables a webhook and enables it again, its failures forgotten, audited', async () => {
    const { id } = (await subscribe().expect(201)).body;
    await db.query('UPDATE webhook_subscription SET consecutive_failures = 7 WHERE id = $1', [id]);
    const disabled = await t
      .http()
      .patch(`/api/v1/webhooks/${id}`)
      .set(bearer(admin.token))
      .send({ enabled: false })
      .expect(200);
    expect(disabled.body).toMatchObject({ enabled: false, disabledReason: 'administrator' });
    const enabled = await t
      .http()
      .patch(`/api/v1/webhooks/${id}`)
      .set(bearer(admin.token))
      .send({ enabled: true, events: ['handover.completed'] })
      .expect(200);
    expect(enabled.body).toMatchObject({
      enabled: true,
      disabledReason: null,
      consecutiveFailures: 0,
      events: ['handover.completed'],
    });
    const actions = await db.query(
      `SELECT action, organisation_id FROM audit_event WHERE action LIKE 'webhook.%' AND after->>'id' = $1 ORDER BY id`,
      [id],
    );
    expect(actions).toEqual([
      { action: 'webhook.created', organisation_id: organisation.id },
      { action: 'webhook.updated', organisation_id: organisation.id },
      { action: 'webhook.updated', organisation_id: organisation.id },
    ]);
  });

  it('an empty delivery log for a new webhook, and deletion takes the webhook away', async () => {
    const { id } = (await subscribe().expect(201)).body;
    const log = await t.http().get(`/api/v1/webhooks/${id}/deliveries`).set(bearer(admin.token)).expect(200);
    expect(log.body).toEqual({ deliveries: [] });
    await t.http().delete(`/api/v1/webhooks/${id}`).set(bearer(admin.token)).expect(204);
    await t.http().get(`/api/v1/webhooks/${id}`).set(bearer(admin.token)).expect(404);
  });
});

describe('webhooks (api) with WEBHOOK_ALLOW_PRIVATE_NETWORKS=on', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'on' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('accepts a receiver on loopback, for tests and on-premise receivers; other schemes stay refused', async () => {
    const body = {
      organisationId: null,
      name: 'On premise',
      format: 'json',
      events: ['certificate.expired'],
    };
    await t
      .http()
      .post('/api/v1/webhooks')
      .set(bearer(t.adminToken))
      .send({ ...body, url: 'http://127.0.0.1:9/hook' })
      .expect(201);
    await t
      .http()
      .post('/api/v1/webhooks')
      .set(bearer(t.adminToken))
      .send({ ...body, url: 'gopher://127.0.0.1:9/hook' })
      .expect(422);
  });
});
