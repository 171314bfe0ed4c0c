import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createCertificate, createOrganisation, createPerson, deliveries } from './support/fixtures.js';
import { DAY, startHarness, type Harness } from './support/harness.js';

const NOW = new Date('2026-11-10T05:00:00Z'); // 06:00 in Brussels
const inDays = (days: number, hour = 12) => new Date(NOW.getTime() + days * DAY + (hour - 5) * 3600_000);

describe('digests', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('digests', { now: NOW });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.clock.set(NOW);
    h.sink.clear();
  });

  it('a late run sends the current milestone only, never the ones it missed', async () => {
    const org = await createOrganisation(h.db);
    const certificateId = await createCertificate(h.db, { organisationId: org.id, notAfter: inDays(95) });
    await h.scan(); // 95 days left: before the first milestone
    // (Only the administrators' readiness escalation, since nothing readiness needs is recorded: issue 14.)
    expect(h.sink.to(org.contacts[0]!).map((m) => m.kind)).toEqual(['readiness-escalation']);
    h.sink.clear();

    h.clock.set(new Date(NOW.getTime() + 70 * DAY)); // the notifier was down for 70 days: 25 days left
    await h.scan();
    const mails = h.sink.to(org.contacts[0]!);
    expect(mails).toHaveLength(1);
    const milestones = (await deliveries(h.db))
      .filter((d) => d.certificate_id === certificateId && d.milestone !== 'readiness-escalation')
      .map((d) => d.milestone);
    expect(milestones).toEqual(['30']);

    h.clock.set(new Date(NOW.getTime() + 71 * DAY)); // the next day: still the 30-day milestone, already sent
    h.sink.clear();
    await h.scan();
    expect(h.sink.to(org.contacts[0]!)).toHaveLength(0);
  });

  it('groups every certificate of a run into one digest per address, earliest expiry first', async () => {
    const shared = 'secretariat@group.test';
    const a = await createOrganisation(h.db, { contacts: [{ email: shared, generic: true }] });
    const b = await createOrganisation(h.db, {
      contacts: [
        { email: shared, generic: true },
        { email: 'info-b@b.test', generic: true },
      ],
    });
    const late = await createCertificate(h.db, {
      organisationId: a.id,
      notAfter: inDays(60),
      holderName: 'LATE',
    });
    const early = await createCertificate(h.db, {
      organisationId: b.id,
      notAfter: inDays(30),
      holderName: 'EARLY',
    });
    const middle = await createCertificate(h.db, {
      organisationId: a.id,
      notAfter: inDays(45),
      holderName: 'MID',
    });
    await h.scan();

    const toShared = h.sink.to(shared);
    expect(toShared).toHaveLength(1);
    const text = toShared[0]!.text;
    const positions = [early, middle, late].map((id) => text.indexOf(`/certificates/${id}`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(text).toContain(a.name);
    expect(text).toContain(b.name);

    const toB = h.sink.to('info-b@b.test');
    expect(toB).toHaveLength(1);
    expect(toB[0]!.text).toContain(`/certificates/${early}`);
    expect(toB[0]!.text).not.toContain(`/certificates/${late}`);
  });

  it('also sends a certificate at 7 days or fewer a mail of its own', async () => {
    const org = await createOrganisation(h.db);
    const urgent = await createCertificate(h.db, { organisationId: org.id, notAfter: inDays(5) });
    const calm = await createCertificate(h.db, { organisationId: org.id, notAfter: inDays(50) });
    await h.scan();
    const mails = h.sink.to(org.contacts[0]!);
    expect(mails.map((m) => m.kind).sort()).toEqual(['digest', 'urgent']);
    const digest = mails.find((m) => m.kind === 'digest')!;
    expect(digest.text).toContain(`/certificates/${urgent}`);
    expect(digest.text).toContain(`/certificates/${calm}`);
    const own = mails.find((m) => m.kind === 'urgent')!;
    expect(own.text).toContain(`/certificates/${urgent}`);
    expect(own.text).not.toContain(`/certificates/${calm}`);
  });

  it('writes in the organisation’s languages: French and Dutch by default, German and English when asked', async () => {
    const byDefault = await createOrganisation(h.db);
    const german = await createOrganisation(h.db, { languages: ['de', 'en'] });
    await createCertificate(h.db, { organisationId: byDefault.id, notAfter: inDays(20) });
    await createCertificate(h.db, { organisationId: german.id, notAfter: inDays(20) });
    await h.scan();
    const [frNl] = h.sink.to(byDefault.contacts[0]!);
    const [deEn] = h.sink.to(german.contacts[0]!);
    expect(frNl!.text).toMatch(/certificat/i);
    expect(frNl!.text).toMatch(/certificaat/i);
    expect(frNl!.text).not.toMatch(/Zertifikat/);
    expect(deEn!.text).toMatch(/Zertifikat/);
    expect(deEn!.text).toMatch(/certificate/i);
    expect(deEn!.text).not.toMatch(/certificaat/i);
    // German first, as the organisation lists it.
    expect(deEn!.text.search(/Zertifikat/)).toBeLessThan(deEn!.text.search(/\bcertificate\b/i));
  });

  it('describes each certificate: holder, manager, keystore location, environment, and links to its page', async () => {
    const org = await createOrganisation(h.db, { name: 'Cliniques <Saint> & Co' });
    const managerId = await createPerson(h.db, { name: 'Anne Gestionnaire', organisationId: org.id });
    const id = await createCertificate(h.db, {
      organisationId: org.id,
      notAfter: inDays(12),
      holderName: 'CLINIQUES SAINT & CO',
      applicationId: 'VITALINK',
      environment: 'acceptance',
      managerId,
      keystore: {
        host: 'PC-ACCUEIL',
        path: 'C:\\Users\\anne\\ehealth\\keystore',
        fileName: 'CBE=0123456749 20240101-101010.p12',
      },
    });
    await h.scan();
    const [mail] = h.sink.to(org.contacts[0]!);
    expect(mail!.text).toContain('Anne Gestionnaire');
    expect(mail!.text).toContain(
      'PC-ACCUEIL: C:\\Users\\anne\\ehealth\\keystore/CBE=0123456749 20240101-101010.p12',
    );
    expect(mail!.text).toContain('VITALINK');
    expect(mail!.text).toContain(`https://certdesk.test/certificates/${id}`);
    expect(mail!.html).toContain('Cliniques &lt;Saint&gt; &amp; Co');
    expect(mail!.html).not.toContain('<Saint>');
  });

  it('records each delivery as sent with the Message-ID of the mail that carried it', async () => {
    const org = await createOrganisation(h.db);
    await createCertificate(h.db, { organisationId: org.id, notAfter: inDays(29) });
    await h.scan();
    const [mail] = h.sink.to(org.contacts[0]!);
    const [row] = (await h.db.query(
      `SELECT state, message_id, attempts, sent_at FROM reminder_delivery WHERE recipient = $1`,
      [org.contacts[0]],
    )) as { state: string; message_id: string; attempts: number; sent_at: Date }[];
    expect(row).toMatchObject({ state: 'sent', message_id: mail!.messageId, attempts: 1 });
    expect(mail!.messageId).toMatch(/^<reminder-[0-9a-f]{32}@certdesk\.test>$/);
  });
});
