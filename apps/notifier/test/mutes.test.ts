import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { brusselsDate } from '@certdesk/domain';
import {
  createCertificate,
  createMute,
  createOrganisation,
  createUser,
  deliveries,
} from './support/fixtures.js';
import { DAY, startHarness, type Harness } from './support/harness.js';

const NOW = new Date('2026-11-10T05:00:00Z'); // 06:00 in Brussels
const inDays = (days: number, hour = 12) => new Date(NOW.getTime() + days * DAY + (hour - 5) * 3600_000);
const dayIn = (days: number) => brusselsDate(new Date(NOW.getTime() + days * DAY));

/**
 * Muted reminders (issue 13), with the real SMTP server on loopback: a muted certificate gets no reminder while it
 * has more than 7 days left; at 7 days or fewer, or expired, it stays in the digest with a line saying it is muted,
 * why, by whom and until when, and gets no urgent mail of its own.
 */
describe('muted reminders', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('mutes', { now: NOW });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.clock.set(NOW);
    h.sink.clear();
  });

  const reminderOf = async (certificateId: string) =>
    (
      (await h.db.query('SELECT milestone, mute_id FROM reminder WHERE certificate_id = $1', [
        certificateId,
      ])) as {
        milestone: string;
        mute_id: string | null;
      }[]
    )[0];
  const announced = async (certificateId: string) =>
    (
      (await h.db.query(
        `SELECT payload FROM outbox_message WHERE topic = 'reminder.created' AND payload->>'certificateId' = $1`,
        [certificateId],
      )) as { payload: { muted: boolean; milestone: string } }[]
    ).map((r) => r.payload);

  it('sends no reminder for a muted certificate with more than 7 days left; its neighbour is reminded', async () => {
    const org = await createOrganisation(h.db, { languages: ['en'] });
    const muted = await createCertificate(h.db, {
      organisationId: org.id,
      notAfter: inDays(30),
      holderName: 'MUTED ONE',
    });
    const other = await createCertificate(h.db, {
      organisationId: org.id,
      notAfter: inDays(29),
      holderName: 'LOUD ONE',
    });
    const muteId = await createMute(h.db, {
      organisationId: org.id,
      certificateId: muted,
      endDate: dayIn(60),
    });

    await h.scan();
    const mails = h.sink.to(org.contacts[0]!);
    expect(mails.map((m) => m.kind)).toEqual(['digest']);
    expect(mails[0]!.text).toContain('LOUD ONE');
    expect(mails[0]!.text).not.toContain('MUTED ONE');
    expect((await deliveries(h.db)).filter((d) => d.certificate_id === muted)).toEqual([]);
    // Recorded all the same, with its mute: it is not sent late once the mute ends, and webhooks tell it, muted.
    expect(await reminderOf(muted)).toEqual({ milestone: '30', mute_id: muteId });
    expect(await announced(muted)).toEqual([expect.objectContaining({ milestone: '30', muted: true })]);
    expect(await announced(other)).toEqual([expect.objectContaining({ muted: false })]);
  });

  it('lists a muted certificate at 7 days or fewer, and an expired one, in the digest, saying muted, why, by whom and until when; no urgent mail', async () => {
    const org = await createOrganisation(h.db, { languages: ['en'] });
    const userId = await createUser(h.db, {
      email: 'anne.manager@org.test',
      role: 'certificate-manager',
      organisationId: org.id,
    });
    const soon = await createCertificate(h.db, {
      organisationId: org.id,
      notAfter: inDays(5),
      holderName: 'SOON MUTED',
    });
    const expired = await createCertificate(h.db, {
      organisationId: org.id,
      notAfter: inDays(-2),
      holderName: 'EXPIRED MUTED',
    });
    const successor = await createCertificate(h.db, {
      organisationId: org.id,
      notAfter: inDays(1000),
      identifierType: 'CBE',
      identifierValue: '0566988259',
    });
    await createMute(h.db, {
      organisationId: org.id,
      certificateId: soon,
      endDate: dayIn(20),
      reason: 'handled-by-integrator',
      note: 'Vendor X installs the new keystore',
      mutedById: userId,
    });
    await createMute(h.db, {
      organisationId: org.id,
      certificateId: expired,
      endDate: dayIn(20),
      reason: 'replaced',
      replacedByCertificateId: successor,
      mutedById: userId,
    });

    await h.scan();
    const mails = h.sink.to(org.contacts[0]!);
    expect(mails.map((m) => m.kind)).toEqual(['digest']); // no urgent mail for the muted one at 5 days
    const text = mails[0]!.text;
    expect(text).toContain('SOON MUTED');
    expect(text).toContain('EXPIRED MUTED');
    expect(text).toContain('MUTED');
    expect(text).toContain('Reminders muted: by anne.manager@org.test until');
    expect(text).toContain('handled by an integrator (“Vendor X installs the new keystore”)');
    expect(text).toContain('replaced by another certificate (CBE=0566988259)');
    expect(text).toContain('expires within 7 days');
    expect(mails[0]!.html).toContain('by anne.manager@org.test until');
  });

  it('reminds as usual once the mute has lapsed by its end date, urgent mail included', async () => {
    const org = await createOrganisation(h.db, { languages: ['en'] });
    const id = await createCertificate(h.db, {
      organisationId: org.id,
      notAfter: inDays(5),
      holderName: 'LAPSED',
    });
    // Its last day was yesterday.
    await h.db.query(
      `INSERT INTO mute (organisation_id, certificate_id, reason, end_date, until, muted_at)
       VALUES ($1, $2, 'retired', $3, $4, now())`,
      [org.id, id, dayIn(-1), new Date(NOW.getTime() - 5 * 3600_000)],
    );
    await h.scan();
    const mails = h.sink.to(org.contacts[0]!);
    expect(mails.map((m) => m.kind).sort()).toEqual(['digest', 'urgent']);
    expect(mails.find((m) => m.kind === 'digest')!.text).not.toContain('Reminders muted');
    expect(await reminderOf(id)).toMatchObject({ mute_id: null });
  });

  it('reminds as usual once someone unmuted it', async () => {
    const org = await createOrganisation(h.db, { languages: ['en'] });
    const id = await createCertificate(h.db, {
      organisationId: org.id,
      notAfter: inDays(30),
      holderName: 'UNMUTED',
    });
    const muteId = await createMute(h.db, { organisationId: org.id, certificateId: id, endDate: dayIn(60) });
    // Unmuted an hour before the scan, by the notifier's clock (an unmute after the scan's instant would not count yet).
    await h.db.query('UPDATE mute SET unmuted_at = $2 WHERE id = $1', [
      muteId,
      new Date(NOW.getTime() - 3_600_000),
    ]);
    await h.scan();
    const mails = h.sink.to(org.contacts[0]!);
    expect(mails.map((m) => m.kind)).toEqual(['digest']);
    expect(mails[0]!.text).toContain('UNMUTED');
  });
});
