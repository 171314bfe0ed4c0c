import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

type Role = 'org-admin' | 'certificate-manager' | 'viewer';
const ROLES: Role[] = ['org-admin', 'certificate-manager', 'viewer'];
const MISSING = '00000000-0000-4000-8000-000000000000';
const RECEIVER = 'https://hooks.example.org/certdesk';

/**
 * Webhooks in the tenancy matrix: who may manage an organisation's webhooks, in their own organisation and in another
 * tenant's (404, exactly like a missing one, nothing changed), installation-wide ones (central administrators
 * only), and hostile input (400/422, nothing changed).
 */
describe('tenant isolation and roles (webhooks)', () => {
  let t: TestApp;
  let own: { id: string };
  let other: { id: string };
  let users: Record<Role, TestUser>;
  /** A subscription of each organisation, and an installation-wide one, made by the central administrator. */
  const hooks = { own: '', other: '', installation: '' };

  const create = (token: string, organisationId: string | null, body: Record<string, unknown> = {}) =>
    t
      .http()
      .post('/api/v1/webhooks')
      .set(bearer(token))
      .send({
        organisationId,
        name: 'Service desk',
        url: RECEIVER,
        format: 'json',
        events: ['certificate.expiring'],
        ...body,
      });

  beforeAll(async () => {
    t = await startTestApp();
    own = await createOrganisation(t);
    other = await createOrganisation(t);
    users = {
      'org-admin': await createUser(t, [{ role: 'org-admin', organisationId: own.id }]),
      'certificate-manager': await createUser(t, [{ role: 'certificate-manager', organisationId: own.id }]),
      viewer: await createUser(t, [{ role: 'viewer', organisationId: own.id }]),
    };
    hooks.own = (await create(t.adminToken, own.id).expect(201)).body.id;
    hooks.other = (await create(t.adminToken, other.id).expect(201)).body.id;
    hooks.installation = (await create(t.adminToken, null).expect(201)).body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  const actions: {
    name: string;
    /** Allowed answers with the hook or organisation of the actor's own organisation. */
    status: number;
    call: (token: string, org: string, hook: string) => ReturnType<ReturnType<TestApp['http']>['get']>;
  }[] = [
    {
      name: 'subscribe',
      status: 201,
      call: (token, org) => create(token, org),
    },
    {
      name: "list an organisation's webhooks",
      status: 200,
      call: (token, org) => t.http().get(`/api/v1/webhooks?organisationId=${org}`).set(bearer(token)),
    },
    {
      name: 'read a webhook',
      status: 200,
      call: (token, _, hook) => t.http().get(`/api/v1/webhooks/${hook}`).set(bearer(token)),
    },
    {
      name: 'change a webhook',
      status: 200,
      call: (token, _, hook) =>
        t.http().patch(`/api/v1/webhooks/${hook}`).set(bearer(token)).send({ name: 'Renamed' }),
    },
    {
      name: "rotate a webhook's secret",
      status: 200,
      call: (token, _, hook) => t.http().post(`/api/v1/webhooks/${hook}/secret`).set(bearer(token)),
    },
    {
      name: "rotate a webhook's secret, dropping the old one at once",
      status: 200,
      call: (token, _, hook) =>
        t.http().post(`/api/v1/webhooks/${hook}/secret`).set(bearer(token)).send({ keepPreviousForHours: 0 }),
    },
    {
      name: "read a webhook's delivery log",
      status: 200,
      call: (token, _, hook) => t.http().get(`/api/v1/webhooks/${hook}/deliveries`).set(bearer(token)),
    },
    // Last: it deletes the hook of the actor's own organisation (made again below for the next role).
    {
      name: 'delete a webhook',
      status: 204,
      call: (token, _, hook) => t.http().delete(`/api/v1/webhooks/${hook}`).set(bearer(token)),
    },
  ];

  for (const role of ROLES) {
    for (const action of actions) {
      const allowed = role === 'org-admin';
      it(`${role} may${allowed ? '' : ' not'} ${action.name} in their own organisation`, async () => {
        const before = allowed ? null : await snapshot(t);
        const response = await action.call(users[role].token, own.id, hooks.own);
        expect(response.status).toBe(allowed ? action.status : 403);
        if (before) expect(await snapshot(t)).toEqual(before);
        if (action.status === 204 && allowed)
          hooks.own = (await create(t.adminToken, own.id).expect(201)).body.id;
      });
      it(`${role} gets 404 to ${action.name} in another tenant's organisation, like a missing one`, async () => {
        const before = await snapshot(t);
        const response = await action.call(users[role].token, other.id, hooks.other);
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ code: 'NOT_FOUND' });
        const missing = await action.call(users[role].token, MISSING, MISSING);
        expect(missing.body).toEqual(response.body);
        expect(await snapshot(t)).toEqual(before);
      });
      // An organisation filter names one organisation; the lists' own test shows no installation-wide webhook.
      if (action.name.startsWith('list')) continue;
      it(`${role} gets 404 to ${action.name} installation-wide`, async () => {
        const before = await snapshot(t);
        const response = await action.call(users[role].token, null as never, hooks.installation);
        expect(response.status).toBe(404);
        expect(await snapshot(t)).toEqual(before);
      });
    }
  }

  it('a central administrator manages installation-wide webhooks and every organisation’s', async () => {
    const all = await t.http().get('/api/v1/webhooks').set(bearer(t.adminToken)).expect(200);
    const ids = all.body.webhooks.map((w: { id: string }) => w.id);
    expect(ids).toEqual(expect.arrayContaining([hooks.own, hooks.other, hooks.installation]));
    await t
      .http()
      .get(`/api/v1/webhooks/${hooks.installation}/deliveries`)
      .set(bearer(t.adminToken))
      .expect(200);
  });

  it('an organisation administrator’s list holds only their organisation’s webhooks', async () => {
    const list = await t.http().get('/api/v1/webhooks').set(bearer(users['org-admin'].token)).expect(200);
    expect(list.body.webhooks.length).toBeGreaterThan(0);
    for (const webhook of list.body.webhooks) expect(webhook.organisationId).toBe(own.id);
    expect(list.body.webhooks.map((w: { id: string }) => w.id)).not.toContain(hooks.installation);
    const viewer = await t.http().get('/api/v1/webhooks').set(bearer(users.viewer.token)).expect(200);
    expect(viewer.body.webhooks).toEqual([]);
  });

  it.each([
    [
      'a malformed webhook id',
      (token: string) => t.http().get('/api/v1/webhooks/1%27%20OR%201=1').set(bearer(token)),
    ],
    [
      'a malformed organisation filter',
      (token: string) => t.http().get('/api/v1/webhooks?organisationId=x').set(bearer(token)),
    ],
    [
      'an unknown parameter',
      (token: string) => t.http().get(`/api/v1/webhooks?tenant=${MISSING}`).set(bearer(token)),
    ],
    [
      'a limit that is not a number',
      (token: string) =>
        t.http().get(`/api/v1/webhooks/${hooks.own}/deliveries?limit=all`).set(bearer(token)),
    ],
    [
      'a huge limit',
      (token: string) =>
        t.http().get(`/api/v1/webhooks/${hooks.own}/deliveries?limit=100000`).set(bearer(token)),
    ],
  ])('refuses %s with 400', async (_, call) => {
    const response = await call(users['org-admin'].token);
    expect(response.status).toBe(400);
  });

  it('anonymous callers are refused', async () => {
    await t.http().get('/api/v1/webhooks').expect(401);
    await t.http().post('/api/v1/webhooks').send({}).expect(401);
    await t.http().get(`/api/v1/webhooks/${hooks.own}/deliveries`).expect(401);
  });
});
