import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { brusselsDate } from '@certdesk/domain';
import { AuditEventEntity } from '@certdesk/persistence';
import {
  AUDIT_GENESIS_HASH,
  type AuditEventRow,
  plainAuditEventHash,
  rewriteAuditChainFrom,
} from '@certdesk/persistence/testing';
import { auditEventHashKind, auditKey } from '../src/audit/audit-hash.js';
import { auditChainFor } from '../src/audit/audit-trail.js';
import { createApp } from '../src/create-app.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { appendAuditEvents } from './support/audit-fixtures.js';
import { healthLatenciesDuring, repeatWhile } from './support/health-during.js';
import { insertCertificate, rows } from './support/lifecycle-fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

interface AuditEvent {
  id: string;
  chain: string;
  action: string;
  previousHash: string;
  hash: string;
  organisationId: string | null;
}

describe('the audit trail', () => {
  let t: TestApp;

  /** An organisation whose chain holds `count` new-request events, and an org-admin of it. */
  async function organisationWithEvents(count: number): Promise<{ id: string; admin: TestUser }> {
    const org = await createOrganisation(t);
    const admin = await createUser(t, [{ role: 'org-admin', organisationId: org.id }]);
    for (let i = 0; i < count; i++) {
      await t
        .http()
        .post('/api/v1/new-requests')
        .set(bearer(admin.token))
        .send({
          organisationId: org.id,
          identifierType: 'CBE',
          identifierValue: '0566988259',
          note: `request ${i}`,
        })
        .expect(201);
    }
    return { id: org.id, admin };
  }

  const chainEvents = (chain: string) =>
    rows<{ id: string }>(t, 'SELECT id FROM audit_event WHERE chain = $1 ORDER BY id', [chain]);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('GET /api/v1/audit', () => {
    it('pages newest first with a keyset cursor, and filters by action', async () => {
      const org = await organisationWithEvents(7);
      const seen: AuditEvent[] = [];
      let cursor: string | null = null;
      const sizes: number[] = [];
      do {
        const page: { body: { items: AuditEvent[]; nextCursor: string | null } } = await t
          .http()
          .get(
            `/api/v1/audit?organisationId=${org.id}&action=new-request.opened&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          )
          .set(bearer(org.admin.token))
          .expect(200);
        sizes.push(page.body.items.length);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(sizes).toEqual([3, 3, 1]);
      const ids = seen.map((e) => BigInt(e.id));
      expect([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(ids);
      expect(new Set(seen.map((e) => e.id)).size).toBe(7);
      expect(seen.every((e) => e.action === 'new-request.opened' && e.chain === org.id)).toBe(true);
      expect(seen[0]).toMatchObject({
        after: { note: 'request 6' },
        actorLabel: expect.stringContaining(org.admin.email),
      });

      // A prefix selects a family of actions; the membership events of the admin's creation are not in it.
      const prefixed = await t
        .http()
        .get(`/api/v1/audit?organisationId=${org.id}&action=new-request.*`)
        .set(bearer(org.admin.token))
        .expect(200);
      expect(prefixed.body.items).toHaveLength(7);
      const everything = await t
        .http()
        .get(`/api/v1/audit?organisationId=${org.id}`)
        .set(bearer(org.admin.token))
        .expect(200);
      expect(everything.body.items.length).toBeGreaterThan(7);
    });

    it.each([
      ['limit=0'],
      ['limit=501'],
      ['limit=ten'],
      ['cursor=abc'],
      ['action=DROP TABLE'],
      ['organisationId=nope'],
      ['unknown=1'],
    ])('refuses %s with 400', async (query) => {
      const response = await t.http().get(`/api/v1/audit?${query}`).set(bearer(t.adminToken)).expect(400);
      expect(response.body.code).toBe('BAD_REQUEST');
    });
  });

  it('stays one unforked chain when many changes append to it at once', async () => {
    const org = await createOrganisation(t);
    const manager = await createUser(t, [{ role: 'certificate-manager', organisationId: org.id }]);
    const certificates = await Promise.all(
      Array.from({ length: 4 }, () => insertCertificate(t, { organisationId: org.id, expiresInDays: 30 })),
    );
    const before = (await chainEvents(org.id)).length;
    const changes = [
      ...certificates.flatMap((id) =>
        Array.from({ length: 5 }, () =>
          t
            .http()
            .post(`/api/v1/certificates/${id}/password-changes`)
            .set(bearer(manager.token))
            .send({ changedOn: brusselsDate(new Date()) }),
        ),
      ),
      ...certificates.map((id) =>
        t.http().post(`/api/v1/certificates/${id}/renewals`).set(bearer(manager.token)).send({}),
      ),
      ...Array.from({ length: 6 }, () =>
        t
          .http()
          .post('/api/v1/new-requests')
          .set(bearer(manager.token))
          .send({ organisationId: org.id, identifierType: 'CBE', identifierValue: '0566988259' }),
      ),
    ];
    const responses = await Promise.all(changes);
    expect(responses.every((r) => r.status === 201)).toBe(true);

    const events = await rows<{ id: string; previous_hash: string; hash: string }>(
      t,
      'SELECT id, previous_hash, hash FROM audit_event WHERE chain = $1 ORDER BY id',
      [org.id],
    );
    expect(events).toHaveLength(before + changes.length);
    // Unforked: every event links to the one just before it, and no two events share a predecessor.
    expect(new Set(events.map((e) => e.previous_hash)).size).toBe(events.length);
    events.slice(1).forEach((e, i) => expect(e.previous_hash).toBe(events[i]!.hash));
    const [head] = await rows<{ last_event_id: string; last_hash: string }>(
      t,
      'SELECT last_event_id, last_hash FROM audit_chain_head WHERE chain = $1',
      [org.id],
    );
    expect(head).toEqual({ last_event_id: events.at(-1)!.id, last_hash: events.at(-1)!.hash });

    const verified = await t.http().post('/api/v1/audit/verify').set(bearer(t.adminToken)).expect(200);
    expect(verified.body.find((c: { chain: string }) => c.chain === org.id)).toEqual({
      chain: org.id,
      organisationName: expect.any(String),
      events: events.length,
      ok: true,
    });
  });

  describe('tampering', () => {
    let superuser: pg.Client;

    beforeAll(async () => {
      superuser = new pg.Client({ connectionString: t.database.url });
      await superuser.connect();
    });
    afterAll(async () => {
      await superuser.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
      await superuser.end();
    });

    const chainRows = async (chain: string): Promise<AuditEventRow[]> =>
      (await superuser.query('SELECT * FROM audit_event WHERE chain = $1 ORDER BY id', [chain])).rows;

    /** As a superuser without the audit key: change an event, recompute every later (plain) hash and the head. */
    const rewriteFrom = (chain: string, fromId: string) => rewriteAuditChainFrom(superuser, chain, fromId);

    const verdicts = async (): Promise<Map<string, unknown>> => {
      const response = await t.http().post('/api/v1/audit/verify').set(bearer(t.adminToken)).expect(200);
      return new Map(response.body.map((c: { chain: string }) => [c.chain, c]));
    };

    it('shows an event rewritten with full database access, every later hash and the head recomputed', async () => {
      const rewritten = await organisationWithEvents(4);
      const whole = await organisationWithEvents(3);
      const ids = (await chainEvents(rewritten.id)).map((e) => e.id);
      await rewriteFrom(rewritten.id, ids[2]!);
      const wholeIds = (await chainEvents(whole.id)).map((e) => e.id);
      await rewriteFrom(whole.id, wholeIds[0]!);

      const byChain = await verdicts();
      expect(byChain.get(rewritten.id)).toMatchObject({
        ok: false,
        brokenAt: {
          eventId: ids[2],
          reason: 'its hash is not keyed with the audit key, though an earlier event is',
        },
      });
      expect(byChain.get(whole.id)).toMatchObject({
        ok: false,
        brokenAt: { eventId: wholeIds[0], reason: 'no event of the chain is keyed with the audit key' },
      });
    });

    it('still verifies a chain hashed before keying, once a keyed event seals it at start-up; a rewrite then shows', async () => {
      // A chain as an earlier Certdesk left it: plain SHA-256 hashes.
      const chain = randomUUID();
      let previousHash = AUDIT_GENESIS_HASH;
      const legacyIds: string[] = [];
      for (const action of ['organisation.created', 'organisation.updated', 'organisation.updated']) {
        const row: Omit<AuditEventRow, 'id' | 'hash'> = {
          chain,
          organisation_id: chain,
          certificate_id: null,
          actor_user_id: null,
          actor_label: 'Jan Peeters <jan@example.be>',
          occurred_at: new Date('2025-03-01T10:00:00.000Z'),
          action,
          before: null,
          after: { name: `Name ${legacyIds.length}` },
          signature: null,
          previous_hash: previousHash,
        };
        const hash = plainAuditEventHash(row);
        const inserted = await superuser.query(
          `INSERT INTO audit_event (chain, organisation_id, actor_label, occurred_at, action, after, previous_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [chain, chain, row.actor_label, row.occurred_at, action, row.after, previousHash, hash],
        );
        legacyIds.push(inserted.rows[0].id);
        previousHash = hash;
      }
      await superuser.query(
        'INSERT INTO audit_chain_head (chain, last_event_id, last_hash) VALUES ($1, $2, $3)',
        [chain, legacyIds.at(-1), previousHash],
      );
      // Until the api starts again, nothing keyed vouches for it.
      expect((await verdicts()).get(chain)).toMatchObject({ ok: false });

      // Two api starts (two replicas, or a restart): one keyed event is appended, once.
      for (let start = 0; start < 2; start++) {
        const app = await createApp(t.config, { logger: ['error'] });
        await app.init();
        await app.close();
      }
      const rowsAfter = await chainRows(chain);
      expect(rowsAfter.map((r) => r.action)).toEqual([
        'organisation.created',
        'organisation.updated',
        'organisation.updated',
        'audit.chain-keyed',
      ]);
      expect((await verdicts()).get(chain)).toEqual({
        chain,
        // Written straight into the table: no organisation row names it.
        organisationName: null,
        events: 4,
        ok: true,
        unkeyedEvents: 3,
      });

      // The plain hashes are now covered: rewriting one, and everything after it, shows.
      await rewriteFrom(chain, legacyIds[1]!);
      expect((await verdicts()).get(chain)).toMatchObject({ ok: false });
    });

    it('is refused by the database itself while the append-only trigger is on', async () => {
      await expect(superuser.query("UPDATE audit_event SET action = 'forged'")).rejects.toThrow(
        /append-only/,
      );
      await expect(superuser.query('DELETE FROM audit_event')).rejects.toThrow(/append-only/);
    });

    it('shows, and names, a changed event, a deleted event, a deleted last event and one written past the last', async () => {
      const changed = await organisationWithEvents(4);
      const deleted = await organisationWithEvents(4);
      const truncated = await organisationWithEvents(4);
      const extended = await organisationWithEvents(2);
      const intact = await organisationWithEvents(2);
      const ids = async (o: { id: string }) => (await chainEvents(o.id)).map((e) => e.id);
      const changedIds = await ids(changed);
      const deletedIds = await ids(deleted);
      const truncatedIds = await ids(truncated);
      const forged = changedIds[2]!;
      const removed = deletedIds[2]!;
      const last = truncatedIds.at(-1)!;
      // A copy of the chain's last event inserted after it, its head left as it was (the trigger allows inserts).
      const inserted = await superuser.query<{ id: string }>(
        `INSERT INTO audit_event (chain, organisation_id, certificate_id, actor_user_id, actor_label, occurred_at,
                action, before, after, signature, previous_hash, hash)
         SELECT chain, organisation_id, certificate_id, actor_user_id, actor_label, occurred_at, action, before,
                after, signature, hash, hash
           FROM audit_event WHERE id = $1
         RETURNING id::text`,
        [(await ids(extended)).at(-1)],
      );
      const pastTheEnd = inserted.rows[0]!.id;

      await superuser.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
      try {
        await superuser.query(
          `UPDATE audit_event SET after = jsonb_set(after, '{note}', '"forged"') WHERE id = $1`,
          [forged],
        );
        await superuser.query('DELETE FROM audit_event WHERE id = $1', [removed]);
        await superuser.query('DELETE FROM audit_event WHERE id = $1', [last]);
      } finally {
        await superuser.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
      }

      const response = await t.http().post('/api/v1/audit/verify').set(bearer(t.adminToken)).expect(200);
      const byChain = new Map(response.body.map((c: { chain: string }) => [c.chain, c]));
      expect(byChain.get(changed.id)).toMatchObject({
        ok: false,
        brokenAt: { eventId: forged, reason: 'its content does not match its hash' },
      });
      expect(byChain.get(deleted.id)).toMatchObject({
        ok: false,
        brokenAt: { eventId: deletedIds[3], reason: 'it does not link to the event before it' },
      });
      expect(byChain.get(truncated.id)).toMatchObject({
        ok: false,
        brokenAt: { eventId: last, reason: 'events are missing at the end of the chain' },
      });
      expect(byChain.get(extended.id)).toMatchObject({
        ok: false,
        brokenAt: { eventId: pastTheEnd, reason: 'it was written past the end of the chain' },
      });
      expect(byChain.get(intact.id)).toMatchObject({ ok: true });
      expect(byChain.get('global')).toMatchObject({ ok: true });

      // An org-admin sees their own chain's verdict, and no other.
      const changedVerdict = [
        {
          chain: changed.id,
          organisationName: expect.any(String),
          events: 3,
          ok: false,
          brokenAt: { eventId: forged, reason: 'its content does not match its hash' },
        },
      ];
      const own = await t.http().post('/api/v1/audit/verify').set(bearer(changed.admin.token)).expect(200);
      expect(own.body).toEqual(changedVerdict);

      // One organisation's chain alone: its verdict, and no other chain read.
      const scoped = (organisationId: string) =>
        t.http().post(`/api/v1/audit/verify?organisationId=${organisationId}`).set(bearer(t.adminToken));
      const forgedOnly = await scoped(changed.id).expect(200);
      expect(forgedOnly.body).toEqual(changedVerdict);
      const truncatedOnly = await scoped(truncated.id).expect(200);
      expect(truncatedOnly.body).toMatchObject([
        {
          chain: truncated.id,
          ok: false,
          brokenAt: { reason: 'events are missing at the end of the chain' },
        },
      ]);
      const intactOnly = await scoped(intact.id).expect(200);
      expect(intactOnly.body).toMatchObject([{ chain: intact.id, ok: true }]);
      expect(intactOnly.body).toHaveLength(1);
    });
  });
});

describe('verifying a long audit chain', () => {
  const EVENTS = 10_000;
  let t: TestApp;

  const append = (organisationId: string, count: number) => appendAuditEvents(t, organisationId, count);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('leaves the api answering health checks while every event is hashed again', async () => {
    const organisation = await createOrganisation(t);
    const db = t.app.get(DataSource);
    await append(organisation.id, EVENTS);
    // The baseline, measured here: how long hashing the chain's events again at once would hold this thread.
    const stored = await db.getRepository(AuditEventEntity).findBy({ chain: auditChainFor(organisation.id) });
    const key = auditKey(t.config);
    const started = performance.now();
    const kinds = stored.map((event) => auditEventHashKind(event, key));
    const stall = performance.now() - started;
    expect(kinds.every((kind) => kind === 'keyed')).toBe(true);

    const { result, latencies } = await healthLatenciesDuring(
      t,
      t.http().post('/api/v1/audit/verify').set(bearer(t.adminToken)),
    );
    expect(result.status).toBe(200);
    expect(result.body.find((c: { chain: string }) => c.chain === organisation.id)).toMatchObject({
      ok: true,
      events: stored.length,
    });
    // Health checks were answered all along, none after a large part of the hashing: the verification read and
    // hashed 5,000 events between two turns of the event loop, half of this chain (a check then waited about as long
    // as hashing all of it here; now a third of it at most).
    expect(latencies.length).toBeGreaterThan(0);
    expect(Math.max(...latencies)).toBeLessThan(stall / 2);
  });

  it('runs one verification at a time per log-in, across replicas; another log-in verifies beside it', async () => {
    const organisation = await createOrganisation(t);
    await append(organisation.id, EVENTS);
    const orgAdmin = await createUser(t, [{ role: 'org-admin', organisationId: organisation.id }]);
    // A second api on the same database and Redis, as a replica behind the same address would be.
    const replica = await createApp(t.config, { logger: ['error'] });
    await replica.init();
    try {
      const onReplica = () => request(replica.getHttpServer()).post('/api/v1/audit/verify');
      const [here, there, theirs] = await Promise.all([
        t.http().post('/api/v1/audit/verify').set(bearer(t.adminToken)),
        onReplica().set(bearer(t.adminToken)),
        onReplica().set(bearer(orgAdmin.token)),
      ]);
      // The same log-in twice at once: one verifies, the other is told it already runs (on either replica).
      expect([here.status, there.status].sort()).toEqual([200, 409]);
      const refused = here.status === 409 ? here : there;
      expect(refused.body).toMatchObject({ code: 'VERIFICATION_RUNNING' });
      expect(refused.body.message).toMatch(/still running/);
      // Another log-in is not held back by it.
      expect(theirs.status).toBe(200);
      expect(theirs.body).toEqual([expect.objectContaining({ chain: organisation.id, ok: true })]);
      // Once it answered, the same log-in verifies again, on either replica.
      const again = await onReplica().set(bearer(t.adminToken));
      expect(again.status).toBe(200);
      expect(again.body.find((c: { chain: string }) => c.chain === organisation.id)).toMatchObject({
        ok: true,
      });
    } finally {
      await replica.close();
    }
  });

  it('finds a chain whole while events are appended to it during the verification', async () => {
    const organisation = await createOrganisation(t);
    await append(organisation.id, EVENTS);
    // One event at a time while the verification runs; each counted, whether it ended before or after it.
    let appended = 0;
    const { result: response } = await repeatWhile(
      t.http().post('/api/v1/audit/verify').set(bearer(t.adminToken)),
      async () => {
        await append(organisation.id, 1);
        appended++;
      },
    );
    expect(appended).toBeGreaterThan(0);
    expect(response.status).toBe(200);
    expect(response.body.find((c: { chain: string }) => c.chain === organisation.id)).toMatchObject({
      ok: true,
    });
    // Verified again once nothing moves: every event, the ones appended during the first verification included.
    const again = await t.http().post('/api/v1/audit/verify').set(bearer(t.adminToken)).expect(200);
    expect(again.body.find((c: { chain: string }) => c.chain === organisation.id)).toMatchObject({
      ok: true,
      events: EVENTS + appended + 1,
    });
  });
});
