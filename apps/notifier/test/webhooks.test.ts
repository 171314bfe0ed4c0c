import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { daysLeft } from '@certdesk/domain';
import { OUTBOX_TOPICS, type OutboxJob, type WebhookPayload } from '@certdesk/contracts';
import { installationId, newWebhookSecret, sealWebhookSecret, webhookSecretKey } from '@certdesk/persistence';
import { postWebhook } from '../src/webhooks/webhook-http.js';
import { WebhookFanOut } from '../src/webhooks/webhook-fan-out.js';
import { createCertificate, createOrganisation, createRenewalCase, createUser } from './support/fixtures.js';
import { DAY, startHarness, type Harness } from './support/harness.js';

const TOKEN_SECRET = 'test-token-secret-that-is-long-enough-000';
const NOW = new Date('2026-11-10T09:00:00Z');

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** Whether the signature verified, checked here the way the Standard Webhooks spec says (not with our code). */
  verified: boolean;
}

/** `v1,` + the signature of what was received with this secret, computed here as docs/webhooks.md shows. */
function v1Signature(secret: string, received: Received, body = received.body): string {
  const signature = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
    .update(
      `${String(received.headers['webhook-id'])}.${String(received.headers['webhook-timestamp'])}.${body}`,
    )
    .digest('base64');
  return `v1,${signature}`;
}

/**
 * A receiver on loopback, as a service desk would run one: it verifies each request's signature with the secret of
 * its path, answers what the test scripted for the path (default 200), and keeps what it got.
 */
class Receiver {
  readonly received: Received[] = [];
  readonly secrets = new Map<string, string>();
  readonly script = new Map<string, number[]>();
  private server!: Server;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = request.url ?? '/';
        this.received.push({
          path,
          headers: request.headers,
          body,
          verified: this.verify(path, request, body),
        });
        const status = this.script.get(path)?.shift() ?? 200;
        response.writeHead(status, { 'content-type': 'text/plain' });
        response.end(status >= 500 ? `upstream broken\n${'x'.repeat(5000)}` : 'ok');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  private verify(path: string, request: IncomingMessage, body: string): boolean {
    const secret = this.secrets.get(path);
    const id = request.headers['webhook-id'];
    const timestamp = request.headers['webhook-timestamp'];
    const signatures = String(request.headers['webhook-signature'] ?? '').split(' ');
    if (!secret || typeof id !== 'string' || typeof timestamp !== 'string') return false;
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
    const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
      .update(`${id}.${timestamp}.${body}`)
      .digest();
    return signatures.some((s) => {
      const [version, value] = s.split(',');
      const given = Buffer.from(value ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('webhook deliveries', () => {
  let h: Harness;
  const receiver = new Receiver();
  let own: { id: string; name: string };
  let other: { id: string; name: string };
  let key: Buffer;

  beforeAll(async () => {
    await receiver.start();
    h = await startHarness('webhooks', {
      now: NOW,
      env: {
        TOKEN_SECRET,
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'on',
        WEBHOOK_ATTEMPTS: '4',
        WEBHOOK_RETRY_DELAY_MS: '100',
        WEBHOOK_DISABLE_AFTER: '3',
        WEBHOOK_TIMEOUT_MS: '2000',
      },
    });
    key = webhookSecretKey(TOKEN_SECRET);
    own = await createOrganisation(h.db, { name: 'Ambulances Dupont', languages: ['nl', 'fr'] });
    other = await createOrganisation(h.db, { name: 'Hôpital du Nord' });
    await createUser(h.db, { email: 'admin@dupont.test', role: 'org-admin', organisationId: own.id });
    await createUser(h.db, {
      email: 'gone@dupont.test',
      role: 'org-admin',
      organisationId: own.id,
      disabled: true,
    });
    await createUser(h.db, { email: 'admin@nord.test', role: 'org-admin', organisationId: other.id });
  });
  afterAll(async () => {
    await h?.close();
    await receiver.close();
  });

  /** A subscription as the api writes it: its secret sealed with the key both derive from TOKEN_SECRET. */
  async function subscribe(
    organisationId: string | null,
    path: string,
    options: { events?: string[]; format?: 'json' | 'teams'; language?: string | null } = {},
  ): Promise<{ id: string; secret: string }> {
    const id = randomUUID();
    const secret = newWebhookSecret();
    await h.db.query(
      `INSERT INTO webhook_subscription (id, organisation_id, name, url, format, events, language, secret_ciphertext)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        id,
        organisationId,
        `Receiver ${path}`,
        receiver.url(path),
        options.format ?? 'json',
        options.events ?? ['certificate.revoked'],
        options.language ?? null,
        sealWebhookSecret(key, id, secret),
      ],
    );
    receiver.secrets.set(path, secret);
    return { id, secret };
  }

  /** Writes an outbox message as the api does, and waits until it was published and its deliveries ended. */
  async function announce(topic: string, payload: Record<string, unknown>): Promise<string> {
    const [{ id }] = (await h.db.query(
      `INSERT INTO outbox_message (topic, payload) VALUES ($1, $2) RETURNING id`,
      [topic, payload],
    )) as [{ id: string }];
    await settled(() =>
      h.db.query(`SELECT 1 FROM outbox_message WHERE id = $1 AND published_at IS NULL`, [id]),
    );
    await h.idle();
    await settled(() => h.db.query(`SELECT 1 FROM webhook_delivery WHERE state = 'pending'`));
    return id;
  }

  /** Waits until the query finds no row. */
  async function settled(rows: () => Promise<unknown[]>): Promise<void> {
    for (let i = 0; i < 500; i++) {
      if ((await rows()).length === 0) return;
      await sleep(20);
    }
    throw new Error('did not settle in time');
  }

  async function revoke(organisationId: string): Promise<string> {
    const certificateId = await createCertificate(h.db, {
      organisationId,
      notAfter: new Date(NOW.getTime() + 200 * DAY),
    });
    await announce(OUTBOX_TOPICS.certificateRevoked, {
      organisationId,
      certificateId,
      reason: 'compromised',
      revokedOn: '2026-11-09',
      newRequestId: null,
    });
    return certificateId;
  }

  it('delivers an organisation’s event, signed, to its own and installation-wide subscriptions only', async () => {
    await subscribe(own.id, '/own');
    await subscribe(other.id, '/other');
    await subscribe(null, '/installation');
    await subscribe(own.id, '/own-other-events', { events: ['handover.completed'] });
    const certificateId = await revoke(own.id);

    expect(receiver.at('/other')).toEqual([]);
    expect(receiver.at('/own-other-events')).toEqual([]);
    const [delivered] = receiver.at('/own');
    expect(receiver.at('/own')).toHaveLength(1);
    expect(receiver.at('/installation')).toHaveLength(1);
    expect(delivered!.verified).toBe(true);
    expect(delivered!.headers['content-type']).toBe('application/json');
    const payload = JSON.parse(delivered!.body) as WebhookPayload<'certificate.revoked'>;
    expect(payload).toMatchObject({
      type: 'certificate.revoked',
      data: {
        organisation: { id: own.id, name: 'Ambulances Dupont' },
        certificate: { id: certificateId, url: `https://certdesk.test/certificates/${certificateId}` },
        reason: 'compromised',
        revokedOn: '2026-11-09',
        newRequestId: null,
      },
    });
    expect(Date.parse(payload.timestamp)).not.toBeNaN();
    // The other organisation's event reaches its own receiver and the installation's, never /own.
    await revoke(other.id);
    expect(receiver.at('/own')).toHaveLength(1);
    expect(receiver.at('/other')).toHaveLength(1);
    expect(receiver.at('/installation')).toHaveLength(2);
  });

  it('a tampered body or another secret does not verify (the receiver’s check can fail)', () => {
    const [delivered] = receiver.at('/own');
    const secret = receiver.secrets.get('/own')!;
    const given = String(delivered!.headers['webhook-signature']);
    expect(given).toBe(v1Signature(secret, delivered!));
    expect(given).not.toBe(
      v1Signature(secret, delivered!, delivered!.body.replace('compromised', 'superseded')),
    );
    expect(given).not.toBe(v1Signature(newWebhookSecret(), delivered!));
  });

  it('signs with the new secret and, while a rotation keeps the old one valid, with the old one too', async () => {
    // Three receivers rotated as the api rotates: the old sealed secret moved beside the new one, valid for a day,
    // valid until a minute ago, or dropped (keepPreviousForHours: 0).
    const graces = {
      '/rotated': "now() + interval '1 day'",
      '/grace-ended': "now() - interval '1 minute'",
      '/dropped': null,
    };
    const old = new Map<string, string>();
    for (const [path, until] of Object.entries(graces)) {
      const { id, secret } = await subscribe(own.id, path, { events: ['handover.completed'] });
      old.set(path, secret);
      const rotated = newWebhookSecret();
      await h.db.query(
        `UPDATE webhook_subscription
            SET previous_secret_ciphertext = ${until ? 'secret_ciphertext' : 'NULL'}, secret_ciphertext = $2,
                previous_secret_until = ${until ?? 'NULL'}
          WHERE id = $1`,
        [id, sealWebhookSecret(key, id, rotated)],
      );
      receiver.secrets.set(path, rotated);
    }
    await announce(OUTBOX_TOPICS.handoverCompleted, {
      organisationId: own.id,
      handoverId: randomUUID(),
      certificateIds: [],
    });

    const signaturesAt = (path: string) => {
      const [delivered] = receiver.at(path);
      expect(receiver.at(path)).toHaveLength(1);
      expect(delivered!.verified).toBe(true);
      return {
        delivered: delivered!,
        given: String(delivered!.headers['webhook-signature']).split(' '),
      };
    };
    const during = signaturesAt('/rotated');
    expect(during.given).toEqual([
      v1Signature(receiver.secrets.get('/rotated')!, during.delivered),
      v1Signature(old.get('/rotated')!, during.delivered),
    ]);
    for (const path of ['/grace-ended', '/dropped']) {
      const after = signaturesAt(path);
      expect(after.given).toEqual([v1Signature(receiver.secrets.get(path)!, after.delivered)]);
      expect(after.given).not.toContain(v1Signature(old.get(path)!, after.delivered));
    }
    await h.db.query(`DELETE FROM webhook_subscription WHERE url LIKE ANY ($1)`, [
      Object.keys(graces).map((path) => `%${path}`),
    ]);
  });

  it('retries after 500s with the same webhook-id, and logs each attempt', async () => {
    const { id: subscriptionId } = await subscribe(own.id, '/flaky');
    receiver.script.set('/flaky', [500, 503]);
    await revoke(own.id);

    const requests = receiver.at('/flaky');
    expect(requests).toHaveLength(3);
    expect(requests.every((r) => r.verified)).toBe(true);
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const [delivery] = (await h.db.query(
      `SELECT id, state, attempts, last_status_code, next_attempt_at, delivered_at FROM webhook_delivery
        WHERE subscription_id = $1`,
      [subscriptionId],
    )) as { id: string; state: string; attempts: number; next_attempt_at: Date | null }[];
    expect(delivery).toMatchObject({
      id: requests[0]!.headers['webhook-id'],
      state: 'delivered',
      attempts: 3,
    });
    expect(delivery!.next_attempt_at).toBeNull();
    const attempts = (await h.db.query(
      `SELECT attempt, status_code, response_excerpt FROM webhook_delivery_attempt WHERE delivery_id = $1 ORDER BY attempt`,
      [delivery!.id],
    )) as { attempt: number; status_code: number; response_excerpt: string | null }[];
    expect(attempts.map((a) => [a.attempt, a.status_code])).toEqual([
      [1, 500],
      [2, 503],
      [3, 200],
    ]);
    // Only an excerpt of the receiver's 5,000-character answer is kept, on one line.
    expect(attempts[0]!.response_excerpt!.length).toBeLessThanOrEqual(201);
    expect(attempts[0]!.response_excerpt).toMatch(/^upstream broken x+…$/);
    const [subscription] = (await h.db.query(
      `SELECT consecutive_failures FROM webhook_subscription WHERE id = $1`,
      [subscriptionId],
    )) as { consecutive_failures: number }[];
    expect(subscription!.consecutive_failures).toBe(0);
  });

  it('a message handled twice is delivered once (deliveries are unique per subscription and message)', async () => {
    await subscribe(own.id, '/once', { events: ['handover.completed'] });
    const messageId = await announce(OUTBOX_TOPICS.handoverCompleted, {
      organisationId: own.id,
      handoverId: randomUUID(),
      certificateIds: [],
    });
    // The outbox job again, as after a crash between the fan-out and the job's completion.
    const job: OutboxJob = {
      installationId: await installationId(h.db),
      messageId,
      topic: OUTBOX_TOPICS.handoverCompleted,
      payload: { organisationId: own.id, handoverId: randomUUID(), certificateIds: [] },
      createdAt: new Date().toISOString(),
    };
    await h.notifier.app.get(WebhookFanOut).fanOut(job);
    await h.idle();
    await sleep(200);
    expect(receiver.at('/once')).toHaveLength(1);
    const [{ count }] = (await h.db.query(
      `SELECT count(*)::int AS count FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id
        WHERE s.url LIKE '%/once'`,
    )) as [{ count: number }];
    expect(count).toBe(1);
  });

  it('disables an endpoint after failing again and again, tells the organisation’s administrators, and then sends it nothing', async () => {
    h.sink.clear();
    const { id: subscriptionId } = await subscribe(own.id, '/down', { events: ['handover.completed'] });
    receiver.script.set('/down', Array(20).fill(500));
    await announce(OUTBOX_TOPICS.handoverCompleted, {
      organisationId: own.id,
      handoverId: randomUUID(),
      certificateIds: [],
    });

    expect(receiver.at('/down')).toHaveLength(3);
    const [subscription] = (await h.db.query(
      `SELECT enabled, disabled_reason, consecutive_failures FROM webhook_subscription WHERE id = $1`,
      [subscriptionId],
    )) as { enabled: boolean; disabled_reason: string; consecutive_failures: number }[];
    expect(subscription).toEqual({ enabled: false, disabled_reason: 'failures', consecutive_failures: 3 });
    const [delivery] = (await h.db.query(
      `SELECT state, attempts FROM webhook_delivery WHERE subscription_id = $1`,
      [subscriptionId],
    )) as { state: string; attempts: number }[];
    expect(delivery).toEqual({ state: 'failed', attempts: 3 });

    // The mail goes out once the disabling is committed: wait for it.
    for (let i = 0; i < 250 && !h.sink.mails.some((m) => m.kind === 'webhook-disabled'); i++) await sleep(20);
    await sleep(100);
    await h.sink.settled();
    const mails = h.sink.mails.filter((m) => m.kind === 'webhook-disabled');
    expect(mails.map((m) => m.to)).toEqual(['admin@dupont.test']);
    expect(mails[0]!.subject).toContain('Receiver /down');
    expect(mails[0]!.text).toContain('3 failed deliveries in a row');
    expect(mails[0]!.text).toContain('3 échecs de livraison consécutifs');

    await announce(OUTBOX_TOPICS.handoverCompleted, {
      organisationId: own.id,
      handoverId: randomUUID(),
      certificateIds: [],
    });
    expect(receiver.at('/down')).toHaveLength(3);
  });

  it('posts a Teams Adaptive Card in the organisation’s first language, or the one chosen', async () => {
    await subscribe(own.id, '/teams', { format: 'teams', events: ['certificate.revoked'] });
    await subscribe(own.id, '/teams-fr', {
      format: 'teams',
      events: ['certificate.revoked'],
      language: 'fr',
    });
    const certificateId = await revoke(own.id);

    const [posted] = receiver.at('/teams');
    expect(posted!.verified).toBe(true);
    const message = JSON.parse(posted!.body);
    expect(message).toMatchObject({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            type: 'AdaptiveCard',
            version: '1.4',
            lang: 'nl',
            body: [
              { type: 'TextBlock', text: 'Een eHealth-certificaat werd ingetrokken' },
              {
                type: 'FactSet',
                facts: expect.arrayContaining([{ title: 'Organisatie', value: 'Ambulances Dupont' }]),
              },
            ],
            actions: [
              {
                type: 'Action.OpenUrl',
                title: 'Openen in Certdesk',
                url: `https://certdesk.test/certificates/${certificateId}`,
              },
            ],
          },
        },
      ],
    });
    expect(message.attachments).toHaveLength(1);
    const french = JSON.parse(receiver.at('/teams-fr')[0]!.body);
    expect(french.attachments[0].content.body[0].text).toBe('Un certificat eHealth a été révoqué');
    expect(french.attachments[0].content.body[1].facts).toContainEqual({
      title: 'Motif',
      value: 'compromised',
    });
  });

  it('tells of reminder milestones the scan reaches: certificate.expiring and certificate.expired', async () => {
    await subscribe(own.id, '/reminders', { events: ['certificate.expiring', 'certificate.expired'] });
    const expiring = await createCertificate(h.db, {
      organisationId: own.id,
      notAfter: new Date(NOW.getTime() + 29.5 * DAY),
    });
    const expired = await createCertificate(h.db, {
      organisationId: own.id,
      notAfter: new Date(NOW.getTime() - 2 * DAY),
    });
    await h.scan();
    await settled(() => h.db.query(`SELECT 1 FROM outbox_message WHERE published_at IS NULL`));
    await h.idle();
    await settled(() => h.db.query(`SELECT 1 FROM webhook_delivery WHERE state = 'pending'`));

    const payloads = receiver.at('/reminders').map((r) => JSON.parse(r.body) as WebhookPayload);
    const byCertificate = new Map(
      payloads.map((p) => [(p.data as { certificate: { id: string } }).certificate.id, p]),
    );
    expect(byCertificate.get(expiring)).toMatchObject({
      type: 'certificate.expiring',
      data: { milestone: 30, daysLeft: daysLeft(new Date(NOW.getTime() + 29.5 * DAY), NOW) },
    });
    expect(byCertificate.get(expired)).toMatchObject({ type: 'certificate.expired', data: { daysLeft: -2 } });
  });

  it('tells of a stalled renewal the scan finds, once per case and step', async () => {
    await subscribe(own.id, '/stalled', { events: ['renewal.stalled'] });
    const certificateId = await createCertificate(h.db, {
      organisationId: own.id,
      notAfter: new Date(NOW.getTime() + 200 * DAY),
    });
    const caseId = await createRenewalCase(h.db, {
      certificateId,
      state: 'phase1-sent',
      stateChangedAt: new Date(NOW.getTime() - 20 * DAY),
    });
    for (let run = 0; run < 2; run++) {
      await h.scan();
      await settled(() => h.db.query(`SELECT 1 FROM outbox_message WHERE published_at IS NULL`));
      await h.idle();
      await settled(() => h.db.query(`SELECT 1 FROM webhook_delivery WHERE state = 'pending'`));
    }
    const payloads = receiver.at('/stalled').map((r) => JSON.parse(r.body) as WebhookPayload);
    expect(payloads).toHaveLength(1);
    expect(payloads[0]).toMatchObject({
      type: 'renewal.stalled',
      data: { certificate: { id: certificateId }, renewalCaseId: caseId, state: 'phase1-sent' },
    });
  });

  it('posts the ETK directory’s findings as a card with their counts', async () => {
    await subscribe(own.id, '/etk', { format: 'teams', language: 'en', events: ['etk-directory.findings'] });
    await announce(OUTBOX_TOPICS.etkDirectoryFindings, {
      organisationId: own.id,
      addedCertificateIds: [randomUUID(), randomUUID()],
      published: 3,
      withdrawn: 1,
      activatedRenewalCaseIds: [],
    });
    const card = JSON.parse(receiver.at('/etk')[0]!.body).attachments[0].content;
    expect(card.body[0].text).toBe('The ETK directory’s discovery found something');
    expect(card.body[1].facts).toEqual([
      { title: 'Organisation', value: 'Ambulances Dupont' },
      { title: 'Certificates discovered', value: '2' },
      { title: 'ETKs newly published', value: '3' },
      { title: 'ETKs withdrawn', value: '1' },
    ]);
    expect(card.actions[0].url).toBe(`https://certdesk.test/organisations/${own.id}`);
  });

  it('tells of a cut-over confirmed, as JSON and as a card naming the system and how many still use the old certificate', async () => {
    await subscribe(own.id, '/cut-over', { events: ['cut-over.confirmed'] });
    await subscribe(own.id, '/cut-over-card', {
      format: 'teams',
      language: 'fr',
      events: ['cut-over.confirmed'],
    });
    const certificateId = await createCertificate(h.db, {
      organisationId: own.id,
      notAfter: new Date(NOW.getTime() + 20 * DAY),
    });
    const event = {
      organisationId: own.id,
      certificateId,
      renewalCaseId: randomUUID(),
      cutOverRequestId: randomUUID(),
      deploymentId: randomUUID(),
      software: 'Lab system 1',
      confirmedBy: 'lab@vendor.test',
      confirmedAt: NOW.toISOString(),
      stillInUseBy: 1,
    };
    await announce(OUTBOX_TOPICS.cutOverConfirmed, event);
    const payloads = receiver.at('/cut-over').map((r) => JSON.parse(r.body) as WebhookPayload);
    expect(payloads).toEqual([
      {
        type: 'cut-over.confirmed',
        timestamp: expect.any(String),
        data: {
          organisation: { id: own.id, name: 'Ambulances Dupont' },
          certificate: expect.objectContaining({
            id: certificateId,
            url: `https://certdesk.test/certificates/${certificateId}`,
          }),
          renewalCaseId: event.renewalCaseId,
          deploymentId: event.deploymentId,
          software: 'Lab system 1',
          confirmedBy: 'lab@vendor.test',
          confirmedAt: NOW.toISOString(),
          stillInUseBy: 1,
        },
      },
    ]);
    const card = JSON.parse(receiver.at('/cut-over-card')[0]!.body).attachments[0].content;
    expect(card.body[0].text).toBe('Un système a confirmé l’installation du nouveau keystore');
    expect(card.body[1].facts).toEqual(
      expect.arrayContaining([
        { title: 'Système', value: 'Lab system 1' },
        { title: 'Systèmes encore sur l’ancien certificat', value: '1' },
      ]),
    );
  });

  it('sends nothing when the secret does not open with its key, and says why in the delivery log', async () => {
    const { id } = await subscribe(own.id, '/other-key', { events: ['handover.completed'] });
    await h.db.query(`UPDATE webhook_subscription SET secret_ciphertext = $2 WHERE id = $1`, [
      id,
      sealWebhookSecret(webhookSecretKey('another-token-secret-that-is-long-enough'), id, newWebhookSecret()),
    ]);
    await h.db.query(`INSERT INTO outbox_message (topic, payload) VALUES ($1, $2)`, [
      OUTBOX_TOPICS.handoverCompleted,
      { organisationId: own.id, handoverId: randomUUID(), certificateIds: [] },
    ]);
    let delivery: { state: string; last_error: string | null } | undefined;
    for (let i = 0; i < 250 && !delivery?.last_error; i++) {
      [delivery] = (await h.db.query(
        `SELECT state, last_error FROM webhook_delivery WHERE subscription_id = $1`,
        [id],
      )) as { state: string; last_error: string | null }[];
      await sleep(20);
    }
    expect(delivery).toEqual({
      state: 'pending',
      last_error: expect.stringMatching(/differs from the api's/),
    });
    expect(receiver.at('/other-key')).toEqual([]);
    const [subscription] = (await h.db.query(
      `SELECT consecutive_failures FROM webhook_subscription WHERE id = $1`,
      [id],
    )) as { consecutive_failures: number }[];
    expect(subscription!.consecutive_failures).toBe(0);
    // Out of the way of the next tests, which wait until no delivery is pending.
    await h.db.query(`DELETE FROM webhook_subscription WHERE id = $1`, [id]);
  });

  it('a pending delivery whose job was lost is queued again at start (requeuePending), and sent once', async () => {
    const { id } = await subscribe(own.id, '/lost', { events: ['handover.completed'] });
    const payload: WebhookPayload<'handover.completed'> = {
      type: 'handover.completed',
      timestamp: new Date().toISOString(),
      data: { organisation: { id: own.id, name: own.name }, handoverId: randomUUID(), certificateIds: [] },
    };
    // As a crash between the fan-out's commit and its addBulk leaves it: a row, no job.
    const [{ id: deliveryId }] = (await h.db.query(
      `INSERT INTO webhook_delivery (subscription_id, organisation_id, event_type, source, payload)
       VALUES ($1, $2, 'handover.completed', 'outbox/lost/1', $3) RETURNING id`,
      [id, own.id, payload],
    )) as [{ id: string }];
    const fanOut = h.notifier.app.get(WebhookFanOut);
    expect(await fanOut.requeuePending()).toBe(1);
    await settled(() => h.db.query(`SELECT 1 FROM webhook_delivery WHERE state = 'pending'`));
    // Again, as a second start would: the delivered row is not pending, nothing is sent twice.
    expect(await fanOut.requeuePending()).toBe(0);
    await sleep(200);
    expect(receiver.at('/lost').map((r) => r.headers['webhook-id'])).toEqual([deliveryId]);
  });

  it('keeps the receiver URL’s query (a Teams signature) out of the delivery log', async () => {
    const { id } = await subscribe(own.id, '/unused', { events: ['handover.completed'] });
    await h.db.query(
      `UPDATE webhook_subscription SET url = 'http://127.0.0.1:9/hook?sig=SeCrEtSiG' WHERE id = $1`,
      [id],
    );
    await announce(OUTBOX_TOPICS.handoverCompleted, {
      organisationId: own.id,
      handoverId: randomUUID(),
      certificateIds: [],
    });
    const rows = (await h.db.query(
      `SELECT d.last_error, a.error FROM webhook_delivery d JOIN webhook_delivery_attempt a ON a.delivery_id = d.id
        WHERE d.subscription_id = $1`,
      [id],
    )) as { last_error: string; error: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]!.error).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(rows)).not.toContain('SeCrEtSiG');
  });
});

describe('the guarded webhook client', () => {
  const receiver = new Receiver();
  beforeAll(() => receiver.start());
  afterAll(() => receiver.close());

  it('refuses loopback and private receivers unless allowed, without sending anything', async () => {
    for (const url of [
      receiver.url('/private'),
      receiver.url('/private').replace('127.0.0.1', 'localhost'),
    ]) {
      const refused = await postWebhook(url, '{}', {}, { allowPrivateNetworks: false, timeoutMs: 1000 });
      expect(refused.statusCode).toBeNull();
      expect(refused.error).toMatch(/loopback or private/);
    }
    expect(receiver.at('/private')).toEqual([]);
    const allowed = await postWebhook(
      receiver.url('/private'),
      '{}',
      {},
      { allowPrivateNetworks: true, timeoutMs: 1000 },
    );
    expect(allowed.statusCode).toBe(200);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const started = Date.now();
      const result = await postWebhook(
        `http://127.0.0.1:${port}/`,
        '{}',
        {},
        { allowPrivateNetworks: true, timeoutMs: 300 },
      );
      expect(result).toMatchObject({
        statusCode: null,
        error: expect.stringMatching(/no answer within 300 ms/),
      });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
