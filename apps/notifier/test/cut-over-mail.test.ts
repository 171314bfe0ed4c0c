import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { OUTBOX_TOPICS, outboxJobId, type CutOverRequestedEvent } from '@certdesk/contracts';
import { installationId } from '@certdesk/persistence';
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
});
