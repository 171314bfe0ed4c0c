import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CUT_OVER_REMINDER_SCHEDULER_ID,
  OUTBOX_TOPICS,
  outboxJobId,
  type CutOverRemindedEvent,
  type CutOverRequestedEvent,
} from '@certdesk/contracts';
import { installationId } from '@certdesk/persistence';
import { CutOverReminderScheduler } from '../src/cut-over/cut-over-reminder-scheduler.js';
import { createCompletedRenewal } from './support/fixtures.js';
import { DAY, startHarness, type Harness } from './support/harness.js';
import { publishOutbox } from './support/outbox.js';

const NOW = new Date('2026-11-10T09:00:00Z');

/**
 * The cut-over link's mail (issue 14): after phase 3 the api's outbox asks, per deployment, for the deployment notice
 * with the contact's personal link; the notifier mails it through SMTP (a real smtp-server on loopback), once, and
 * erases the token. The contact gets that notice instead of the plain one, not both.
 */
describe('the cut-over link mail', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('cut-over-mail', { now: NOW });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.sink.clear());

  /** A renewal at phase 3 with a cut-over request per deployment, as the api writes them, and their events. */
  async function renewalWithLinks(
    contacts: string[],
    options: { confirmed?: boolean; expiresAt?: Date } = {},
  ) {
    const renewed = await createCompletedRenewal(h.db, {
      now: NOW,
      organisationName: 'Ambulances Dupont',
      deployments: contacts.map((contactEmail, i) => ({
        software: `Lab system ${i + 1}`,
        integrator: 'Labo Soft',
        contactEmail,
      })),
    });
    const expiresAt = options.expiresAt ?? new Date(NOW.getTime() + 30 * DAY);
    const events: CutOverRequestedEvent[] = [];
    for (const deployment of renewed.deployments) {
      const [{ id }] = (await h.db.query(
        `INSERT INTO cut_over_request (organisation_id, certificate_id, renewal_case_id, deployment_id, contact_email,
                                       token_hash, expires_at, confirmed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          renewed.organisationId,
          renewed.certificateId,
          renewed.renewalCaseId,
          deployment.id,
          deployment.contactEmail,
          randomBytes(32).toString('hex'),
          expiresAt,
          options.confirmed ? NOW : null,
        ],
      )) as [{ id: string }];
      events.push({
        cutOverRequestId: id,
        organisationId: renewed.organisationId,
        organisationName: 'Ambulances Dupont',
        certificateId: renewed.certificateId,
        renewalCaseId: renewed.renewalCaseId,
        deploymentId: deployment.id,
        software: deployment.software,
        integrator: 'Labo Soft',
        contactEmail: deployment.contactEmail!,
        languages: ['nl', 'fr'],
        token: `cdc_${randomBytes(32).toString('base64url')}`,
        expiresAt: expiresAt.toISOString(),
      });
    }
    return { renewed, events };
  }

  /** The token the outbox row and the job still hold, of a link's or a reminder's message. */
  async function keptToken(messageId: string): Promise<{ row: unknown; job: unknown }> {
    const [row] = (await h.db.query(`SELECT payload FROM outbox_message WHERE id = $1`, [messageId])) as [
      { payload: CutOverRequestedEvent },
    ];
    const job = await h.notifier.queues.outbox.getJob(outboxJobId(await installationId(h.db), messageId));
    return { row: row.payload.token, job: (job?.data.payload as CutOverRequestedEvent).token };
  }

  it('mails each contact the deployment notice with their own link, once, instead of the plain notice', async () => {
    const { renewed, events } = await renewalWithLinks(['lab@vendor.test', 'it@hospital.test']);
    await publishOutbox(h, OUTBOX_TOPICS.certificateRenewed, renewed);
    const messageIds = [];
    for (const event of events)
      messageIds.push(await publishOutbox(h, OUTBOX_TOPICS.cutOverRequested, event));

    const mails = h.sink.mails;
    expect(mails.map((m) => [m.to, m.kind]).sort()).toEqual([
      ['it@hospital.test', 'cut-over'],
      ['lab@vendor.test', 'cut-over'],
    ]);
    const lab = mails.find((m) => m.to === 'lab@vendor.test')!;
    const link = `https://certdesk.test/cut-over#token=${events[0]!.token}`;
    expect(lab.text).toContain(link);
    expect(lab.html).toContain(`href="${link}"`);
    expect(lab.text).not.toContain(events[1]!.token);
    expect(lab.text).toContain('De nieuwe keystore is geïnstalleerd');
    expect(lab.text).toContain('Le nouveau keystore est installé');
    expect(lab.text).toContain('Lab system 1');
    expect(lab.messageId).toContain(`cut-over-${events[0]!.cutOverRequestId}@`);
    const [stored] = (await h.db.query(`SELECT mailed_at FROM cut_over_request WHERE id = $1`, [
      events[0]!.cutOverRequestId,
    ])) as [{ mailed_at: Date | null }];
    expect(stored.mailed_at).toEqual(NOW);
    for (const id of messageIds) expect(await keptToken(id)).toEqual({ row: '', job: '' });

    // Handled again (a crash before the mark): nobody is mailed twice.
    await h.notifier.queues.outbox.add('again', {
      installationId: await installationId(h.db),
      messageId: `${messageIds[0]}-replayed`,
      topic: OUTBOX_TOPICS.cutOverRequested,
      payload: events[0]!,
      createdAt: new Date().toISOString(),
    });
    await h.idle();
    expect(h.sink.mails).toHaveLength(2);
  });

  it.each([
    ['confirmed already', { confirmed: true }],
    ['expired', { expiresAt: new Date(NOW.getTime() - 1) }],
  ])('does not mail a link %s, and erases its token all the same', async (_, options) => {
    const { events } = await renewalWithLinks([`x-${randomBytes(3).toString('hex')}@vendor.test`], options);
    const messageId = await publishOutbox(h, OUTBOX_TOPICS.cutOverRequested, events[0]!);
    expect(h.sink.mails).toHaveLength(0);
    expect(await keptToken(messageId)).toEqual({ row: '', job: '' });
  });

  /**
   * A reminder of an unconfirmed request, as the api records it (its own row, a fresh token, only its HMAC kept) with
   * its outbox event; `state` closes the request after the reminder was recorded, before it is mailed.
   */
  async function reminderOf(
    event: CutOverRequestedEvent,
    ordinal: number,
    state: 'open' | 'confirmed' | 'overridden' = 'open',
  ): Promise<CutOverRemindedEvent> {
    const [{ id }] = (await h.db.query(
      `INSERT INTO cut_over_reminder (cut_over_request_id, ordinal, token_hash, created_at)
       VALUES ($1, $2, $3, $4) RETURNING id`,
      [event.cutOverRequestId, ordinal, randomBytes(32).toString('hex'), NOW],
    )) as [{ id: string }];
    if (state === 'confirmed')
      await h.db.query(`UPDATE cut_over_request SET confirmed_at = $2 WHERE id = $1`, [
        event.cutOverRequestId,
        NOW,
      ]);
    if (state === 'overridden')
      await h.db.query(
        `UPDATE cut_over_request SET overridden_at = $2, override_reason = 'replaced' WHERE id = $1`,
        [event.cutOverRequestId, NOW],
      );
    return {
      ...event,
      cutOverReminderId: id,
      ordinal,
      token: `cdc_${randomBytes(32).toString('base64url')}`,
    };
  }

  it('mails a reminder with its fresh link, once, saying it is one and naming the system and the link’s expiry', async () => {
    const { renewed, events } = await renewalWithLinks(['lab@vendor.test']);
    await publishOutbox(h, OUTBOX_TOPICS.cutOverRequested, events[0]!);
    h.sink.clear();
    h.clock.set(new Date(NOW.getTime() + 3 * DAY));
    try {
      const reminder = await reminderOf(events[0]!, 1);
      const messageId = await publishOutbox(h, OUTBOX_TOPICS.cutOverReminded, reminder);

      expect(h.sink.mails).toHaveLength(1);
      const [mail] = h.sink.mails;
      expect(mail).toMatchObject({ to: 'lab@vendor.test', kind: 'cut-over-reminder' });
      expect(mail!.subject).toMatch(/^Herinnering \/ Rappel: eHealth /);
      const link = `https://certdesk.test/cut-over#token=${reminder.token}`;
      expect(mail!.text).toContain(link);
      expect(mail!.html).toContain(`href="${link}"`);
      expect(mail!.text).not.toContain(events[0]!.token);
      expect(mail!.text).toContain(
        'Herinnering: we hebben uw bevestiging dat de nieuwe keystore in "Lab system 1" geïnstalleerd is nog niet ontvangen.',
      );
      expect(mail!.text).toContain(
        'Rappel : nous n’avons pas encore reçu votre confirmation que le nouveau keystore est installé dans « Lab system 1 ».',
      );
      // The link's expiry (the request's, 30 days after phase 3), and the new certificate, not the old one.
      expect(mail!.text).toContain('tot 10 december 2026 om 10:00 (Brusselse tijd)');
      expect(mail!.text).toContain(`https://certdesk.test/certificates/${renewed.renewedCertificateId}`);
      expect(mail!.messageId).toContain(`cut-over-reminder-${reminder.cutOverReminderId}@`);
      const [stored] = (await h.db.query(`SELECT mailed_at FROM cut_over_reminder WHERE id = $1`, [
        reminder.cutOverReminderId,
      ])) as [{ mailed_at: Date | null }];
      expect(stored.mailed_at).toEqual(new Date(NOW.getTime() + 3 * DAY));
      expect(await keptToken(messageId)).toEqual({ row: '', job: '' });

      // Handled again (a crash before the mark): the reminder is not mailed twice.
      await h.notifier.queues.outbox.add('again', {
        installationId: await installationId(h.db),
        messageId: `${messageId}-replayed`,
        topic: OUTBOX_TOPICS.cutOverReminded,
        payload: reminder,
        createdAt: new Date().toISOString(),
      });
      await h.idle();
      expect(h.sink.mails).toHaveLength(1);
    } finally {
      h.clock.set(NOW);
    }
  });

  it.each([['confirmed' as const], ['overridden' as const]])(
    'does not mail a reminder once the request was %s since, and erases its token all the same',
    async (state) => {
      const { events } = await renewalWithLinks([`r-${randomBytes(3).toString('hex')}@vendor.test`]);
      const reminder = await reminderOf(events[0]!, 1, state);
      const messageId = await publishOutbox(h, OUTBOX_TOPICS.cutOverReminded, reminder);
      expect(h.sink.mails).toHaveLength(0);
      expect(await keptToken(messageId)).toEqual({ row: '', job: '' });
    },
  );

  it('does not mail a reminder of an expired link', async () => {
    const { events } = await renewalWithLinks([`r-${randomBytes(3).toString('hex')}@vendor.test`], {
      expiresAt: new Date(NOW.getTime() - 1),
    });
    await publishOutbox(h, OUTBOX_TOPICS.cutOverReminded, await reminderOf(events[0]!, 2));
    expect(h.sink.mails).toHaveLength(0);
  });

  it('schedules the api’s reminder runs at REMINDER_CRON, in REMINDER_TIMEZONE', async () => {
    const scheduler = h.notifier.app.get(CutOverReminderScheduler);
    const schedule = await scheduler.queue.getJobScheduler(CUT_OVER_REMINDER_SCHEDULER_ID);
    expect(schedule).toMatchObject({ pattern: h.config.reminderCron, tz: h.config.reminderTimeZone });
  });
});
