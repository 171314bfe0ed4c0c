import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { DataSource } from 'typeorm';
import { brusselsDate } from '@certdesk/domain';
import { CertificateEntity, OrganisationEntity, PersonEntity } from '@certdesk/persistence';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { createKeystore, createPerson } from './support/inventory-fixtures.js';
import { seedCertificates } from './support/seed-certificates.js';
import { snapshot } from './support/db-snapshot.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

type Role = 'org-admin' | 'certificate-manager' | 'viewer';
const ROLES: Role[] = ['org-admin', 'certificate-manager', 'viewer'];

describe('the calendar feed (ICS)', () => {
  let t: TestApp;
  let org: { id: string; name: string };
  let other: { id: string };
  let users: Record<Role, TestUser>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t, {
      name: 'Ambulances de Namur; Liège, Zuid & Co — a name long enough to need folding in calendars',
      reminderMilestones: [60, 14, 1, 0],
    });
    other = await createOrganisation(t, { name: 'Other tenant' });
    users = {
      'org-admin': await createUser(t, [{ role: 'org-admin', organisationId: org.id }]),
      'certificate-manager': await createUser(t, [{ role: 'certificate-manager', organisationId: org.id }]),
      viewer: await createUser(t, [{ role: 'viewer', organisationId: org.id }]),
    };
    const manager = await createPerson(t, org.id, 'Élodie Dubois');
    const rows = await seedCertificates(t, [
      {
        organisationId: org.id,
        identifierValue: '79609977',
        holderName: 'Ambulances de Namur',
        applicationId: 'VITALINKGATEWAY',
        toDays: 45,
        managerId: manager,
      },
      {
        organisationId: org.id,
        identifierType: 'SSIN',
        identifierValue: '85073003328',
        holderName: 'Elise Janssens',
        toDays: 300,
      },
      { organisationId: org.id, toDays: 100, state: 'superseded' },
      { organisationId: other.id, toDays: 30 },
    ]);
    ['ambulance', 'person', 'superseded', 'other'].forEach((name, i) => (ids[name] = rows[i]!.id));
  });
  afterAll(() => t.close());

  const feedUrl = async (token = users.viewer.token, organisationId = org.id) => {
    const response = await t
      .http()
      .get(`/api/v1/organisations/${organisationId}/calendar-feed`)
      .set(bearer(token));
    return response;
  };
  const path = (url: string) => new URL(url).pathname;

  it('gives members a secret URL under PUBLIC_URL that serves an iCalendar anyone can subscribe to', async () => {
    const { status, body } = await feedUrl();
    expect(status).toBe(200);
    expect(body.url).toMatch(
      new RegExp(`^http://certdesk\\.test/calendar/${org.id}/[A-Za-z0-9_-]{43}\\.ics$`),
    );
    const response = await t.http().get(path(body.url));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
  });

  it('has one all-day event per active certificate, on its Brussels expiry date, with a stable UID', async () => {
    const { body } = await feedUrl();
    const text = (await t.http().get(path(body.url))).text;
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.uid).sort()).toEqual(
      [`${ids.ambulance}@certdesk`, `${ids.person}@certdesk`].sort(),
    );
    const [ambulance] = (
      await t.http().get(`/api/v1/certificates?q=79609977`).set(bearer(users.viewer.token))
    ).body.items;
    const event = events.find((e) => e.uid === `${ids.ambulance}@certdesk`)!;
    expect(event.startDate.isDate).toBe(true);
    expect(event.startDate.toString()).toBe(brusselsDate(new Date(ambulance.notAfter)));
    expect(event.summary).toBe(
      'eHealth certificate expires: NIHII-AMBU_SERVICE=79609977, VITALINKGATEWAY (AMBULANCES DE NAMUR)',
    );
    expect(event.description).toContain('Renew it with the eHealth Certificate Manager');
    expect(event.description).toContain('Certificate manager: Élodie Dubois.');
    expect(event.description).toContain(`http://certdesk.test/certificates/${ids.ambulance}`);
    expect(event.component.getFirstPropertyValue('url')).toBe(
      `http://certdesk.test/certificates/${ids.ambulance}`,
    );
    // The SSIN is masked: a feed URL may end up in a shared calendar.
    const person = events.find((e) => e.uid === `${ids.person}@certdesk`)!;
    expect(person.summary).toContain('SSIN=850730-***-**');
    expect(text).not.toContain('85073003328');
    // The same UID on every fetch, so clients update events instead of duplicating them.
    const again = (await t.http().get(path(body.url))).text;
    expect(again.match(/^UID:.*$/gm)).toEqual(text.match(/^UID:.*$/gm));
  });

  it("rings at 09:00 on each of the organisation's reminder milestones", async () => {
    const { body } = await feedUrl();
    const calendar = new ICAL.Component(ICAL.parse((await t.http().get(path(body.url))).text));
    const event = calendar
      .getAllSubcomponents('vevent')
      .find((v) => v.getFirstPropertyValue('uid') === `${ids.ambulance}@certdesk`)!;
    const start = new ICAL.Event(event).startDate;
    const alarms = event.getAllSubcomponents('valarm');
    expect(alarms).toHaveLength(4);
    const ringAt = alarms.map((alarm) => {
      const at = start.clone();
      at.isDate = false; // from midnight starting the expiry day
      at.addDuration(alarm.getFirstPropertyValue('trigger') as ICAL.Duration);
      return at.toString();
    });
    const dayBefore = (days: number) => {
      const at = start.clone();
      at.adjust(-days, 0, 0, 0);
      return `${at.toString()}T09:00:00`;
    };
    expect(ringAt).toEqual([dayBefore(60), dayBefore(14), dayBefore(1), dayBefore(0)]);
    expect(alarms.every((a) => a.getFirstPropertyValue('action') === 'DISPLAY')).toBe(true);
  });

  it('follows RFC 5545: CRLF lines of at most 75 octets, text escaped', async () => {
    const { body } = await feedUrl();
    const text = (await t.http().get(path(body.url))).text;
    expect(text.endsWith('\r\n')).toBe(true);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text).not.toMatch(/[^\r]\n/);
    // RFC 5545 3.8.8.2: a non-standard property's value is TEXT unless it says otherwise; teach ical.js so.
    (ICAL.design.defaultSet.property as Record<string, unknown>)['x-wr-calname'] = { defaultType: 'text' };
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(`Certdesk: ${org.name}`);
  });

  it('masks SSINs in every text it carries: the keystore file name, its folder and PC, names', async () => {
    await t
      .http()
      .patch(`/api/v1/certificates/${ids.ambulance}`)
      .set(bearer(t.adminToken))
      .send({
        keystore: {
          fileName: 'SSIN=85010112345 20160226-134804.p12',
          host: 'PC-85073003328',
          path: 'C:\\eHealth\\85.07.30-033.28',
        },
      })
      .expect(200);
    const text = (await t.http().get(path((await feedUrl()).body.url))).text;
    const unfolded = text.replace(/\r\n /g, '');
    for (const ssin of ['85010112345', '85073003328', '85.07.30-033.28'])
      expect(unfolded).not.toContain(ssin);
    const event = new ICAL.Component(ICAL.parse(text))
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v))
      .find((e) => e.uid === `${ids.ambulance}@certdesk`)!;
    expect(event.description).toContain(
      'Keystore: PC-850730-***-** C:\\eHealth\\850730-***-** SSIN=850101-***-** 20160226-134804.p12.',
    );
  });

  describe('text that reached the database by another way than the api (an import, older data)', () => {
    const hostile = 'Evil\rX-INJECTED:1\r\nEND:VEVENT\nBEGIN:VEVENT; a, b \\ c\u0007';
    let text: string;
    let calendar: ICAL.Component;
    let certificateId: string;

    beforeAll(async () => {
      const hostileOrg = await createOrganisation(t, { reminderMilestones: [14] });
      const manager = await createPerson(t, hostileOrg.id, 'Placeholder');
      const [row] = await seedCertificates(t, [
        { organisationId: hostileOrg.id, toDays: 45, managerId: manager },
      ]);
      certificateId = row!.id;
      const db = t.app.get(DataSource);
      await db.getRepository(OrganisationEntity).update({ id: hostileOrg.id }, { name: hostile });
      await db.getRepository(PersonEntity).update({ id: manager }, { name: hostile });
      const keystoreId = await createKeystore(t, hostileOrg.id, {
        host: hostile,
        path: '',
        fileName: 'k.p12',
      });
      await db
        .getRepository(CertificateEntity)
        .update({ id: certificateId }, { holderName: hostile, keystoreId });
      const url = (await feedUrl(t.adminToken, hostileOrg.id)).body.url as string;
      text = (await t.http().get(path(url))).text;
      calendar = new ICAL.Component(ICAL.parse(text));
    });

    it('cannot start a line of its own: no bare CR or LF, no other control character, no injected property', () => {
      expect(text).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
      expect(text).not.toMatch(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/);
      const unfolded = text.replace(/\r\n /g, '').split('\r\n');
      expect(unfolded.filter((line) => /^(X-INJECTED|END:VEVENT;|BEGIN:VEVENT;)/.test(line))).toEqual([]);
      expect(calendar.getAllSubcomponents('vevent')).toHaveLength(1);
      const everyProperty = [calendar, ...calendar.getAllSubcomponents('vevent')].flatMap((c) => [
        ...c.getAllProperties(),
        ...c.getAllSubcomponents('valarm').flatMap((a) => a.getAllProperties()),
      ]);
      expect(everyProperty.map((p) => p.name)).not.toContain('x-injected');
    });

    it('reads back as the text it was, line breaks as line breaks, in every TEXT value, alarms included', () => {
      const shown = 'Evil\nX-INJECTED:1\nEND:VEVENT\nBEGIN:VEVENT; a, b \\ c ';
      const vevent = calendar.getFirstSubcomponent('vevent')!;
      const event = new ICAL.Event(vevent);
      expect(event.summary).toContain(`(${shown})`);
      expect(event.description).toContain(`Certificate manager: ${shown}.`);
      expect(event.description).toContain(`Keystore: ${shown} k.p12.`);
      const alarm = vevent.getFirstSubcomponent('valarm')!;
      expect(alarm.getFirstPropertyValue('description')).toBe(
        `${event.summary.replace('eHealth certificate expires: ', '')} expires in 14 days`,
      );
      (ICAL.design.defaultSet.property as Record<string, unknown>)['x-wr-calname'] = { defaultType: 'text' };
      expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(`Certdesk: ${shown}`);
    });
  });

  it('lets a calendar program revalidate: 304 while nothing changed, the new feed once something did', async () => {
    const url = path((await feedUrl()).body.url);
    const first = await t.http().get(url);
    expect(first.status).toBe(200);
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]{43}"$/);
    // A second later the feed is written with another DTSTAMP, and is still the same feed.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const unchanged = await t.http().get(url).set('If-None-Match', etag);
    expect(unchanged.status).toBe(304);
    expect(unchanged.text ?? '').toBe('');
    expect((await t.http().get(url)).text.match(/^DTSTAMP:.*$/m)![0]).not.toBe(
      first.text.match(/^DTSTAMP:.*$/m)![0],
    );
    // Renamed, the organisation's calendar name changes: the old ETag no longer matches.
    const rename = (name: string) =>
      t.http().patch(`/api/v1/organisations/${org.id}`).set(bearer(t.adminToken)).send({ name });
    expect((await rename(`${org.name} (renamed)`)).status).toBe(200);
    try {
      const changed = await t.http().get(url).set('If-None-Match', etag);
      expect(changed.status).toBe(200);
      expect(changed.text).toContain('(renamed)');
      expect(changed.headers.etag).not.toBe(etag);
    } finally {
      await rename(org.name);
    }
  });

  it('rotating (organisation administrators) gives a new URL; the old one answers 404', async () => {
    const old = (await feedUrl()).body.url;
    const rotated = await t
      .http()
      .post(`/api/v1/organisations/${org.id}/calendar-feed/rotate`)
      .set(bearer(users['org-admin'].token));
    expect(rotated.status).toBe(200);
    expect(rotated.body.url).not.toBe(old);
    expect((await feedUrl()).body.url).toBe(rotated.body.url);
    await t.http().get(path(old)).expect(404);
    await t.http().get(path(rotated.body.url)).expect(200);
    const audit = await t.http().get(`/api/v1/audit?organisationId=${org.id}`).set(bearer(t.adminToken));
    expect(audit.status).toBe(200);
    const events = audit.body.items as { action: string; before: unknown; after: unknown }[];
    const rotation = events.find((e) => e.action === 'organisation.calendar-feed-rotated')!;
    expect(rotation).toMatchObject({
      before: { calendarTokenVersion: 1 },
      after: { calendarTokenVersion: 2 },
    });
    // The URL's secret is never written down.
    expect(JSON.stringify(audit.body)).not.toContain(
      new URL(rotated.body.url).pathname.split('/').pop()!.replace('.ics', ''),
    );
  });

  it.each([
    ['a wrong token', (id: string) => `/calendar/${id}/${'A'.repeat(43)}.ics`],
    ['no .ics', (id: string) => `/calendar/${id}/whatever`],
    ['an unknown organisation', () => `/calendar/00000000-0000-4000-8000-000000000000/${'A'.repeat(43)}.ics`],
    ['a malformed organisation id', () => `/calendar/not-a-uuid/${'A'.repeat(43)}.ics`],
  ])('answers 404 to %s', async (_, url) => {
    const response = await t.http().get(url(org.id));
    expect(response.status).toBe(404);
  });

  it("does not serve one organisation's feed with another's token", async () => {
    const otherUrl = (await feedUrl(t.adminToken, other.id)).body.url as string;
    const token = otherUrl.split('/').pop()!;
    await t.http().get(`/calendar/${org.id}/${token}`).expect(404);
  });

  for (const role of ROLES) {
    const mayRotate = role === 'org-admin';
    it(`${role}: reads the URL${mayRotate ? ' and rotates it' : ', may not rotate it (403)'}; another tenant's answers 404`, async () => {
      const token = users[role].token;
      expect((await feedUrl(token)).status).toBe(200);
      const before = await snapshot(t);
      const rotate = await t
        .http()
        .post(`/api/v1/organisations/${org.id}/calendar-feed/rotate`)
        .set(bearer(token));
      expect(rotate.status).toBe(mayRotate ? 200 : 403);
      if (!mayRotate) expect(await snapshot(t)).toEqual(before);
      const otherBefore = await snapshot(t);
      const read = await feedUrl(token, other.id);
      expect(read.status).toBe(404);
      const missing = await feedUrl(token, '00000000-0000-4000-8000-000000000000');
      expect(missing.body).toEqual(read.body);
      const otherRotate = await t
        .http()
        .post(`/api/v1/organisations/${other.id}/calendar-feed/rotate`)
        .set(bearer(token));
      expect(otherRotate.status).toBe(404);
      expect(await snapshot(t)).toEqual(otherBefore);
    });
  }

  it('needs a log-in for the URL itself', async () => {
    await t.http().get(`/api/v1/organisations/${org.id}/calendar-feed`).expect(401);
  });
});
