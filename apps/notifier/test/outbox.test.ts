import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { OUTBOX_TOPICS, type CertificateRenewedEvent } from '@certdesk/contracts';
import { installationId } from '@certdesk/persistence';
import { createCompletedRenewal, createDeployment, deliveries } from './support/fixtures.js';
import { startHarness, type Harness } from './support/harness.js';

const NOW = new Date('2026-11-10T05:00:00Z');

describe('the outbox', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('outbox', { now: NOW });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.sink.clear());

  async function addOutbox(topic: string, payload: unknown): Promise<string> {
    const [{ id }] = (await h.db.query(
      `INSERT INTO outbox_message (topic, payload) VALUES ($1, $2) RETURNING id`,
      [topic, payload],
    )) as [{ id: string }];
    return id;
  }

  async function published(id: string): Promise<void> {
    for (let i = 0; i < 300; i++) {
      const [row] = (await h.db.query(`SELECT published_at FROM outbox_message WHERE id = $1`, [id])) as [
        { published_at: Date | null },
      ];
      if (row.published_at) return h.idle();
      await sleep(20);
    }
    throw new Error(`outbox message ${id} was not published`);
  }

  const renewal = (): Promise<CertificateRenewedEvent> =>
    createCompletedRenewal(h.db, {
      now: NOW,
      organisationName: 'Hôpital du Nord',
      deployments: [
        { software: 'MediSoft Ambulance', integrator: 'MediSoft SA', contactEmail: 'Support@MediSoft.test' },
        { software: 'Vitalink gateway', integrator: null, contactEmail: 'it@hopital-nord.test' },
        { software: 'Old PC tool', integrator: null, contactEmail: null },
      ],
    });

  it('publishes each row once, and tells every deployment’s contact to install the renewed keystore', async () => {
    const event = await renewal();
    const id = await addOutbox(OUTBOX_TOPICS.certificateRenewed, event);
    await published(id);

    const [row] = (await h.db.query(`SELECT attempts, last_error FROM outbox_message WHERE id = $1`, [
      id,
    ])) as [{ attempts: number; last_error: string | null }];
    expect(row).toEqual({ attempts: 1, last_error: null });
    expect(h.sink.mails.map((m) => [m.to, m.kind]).sort()).toEqual([
      ['it@hopital-nord.test', 'deployment'],
      ['support@medisoft.test', 'deployment'],
    ]);
    const notice = h.sink.to('support@medisoft.test')[0]!;
    expect(notice.text).toContain('MediSoft Ambulance');
    expect(notice.text).toContain('Hôpital du Nord');
    // The notice describes the renewed certificate, the one to install.
    expect(notice.text).toContain(`/certificates/${event.renewedCertificateId}`);
    expect(h.sink.to('it@hopital-nord.test')[0]!.text).toContain('Vitalink gateway');
  });

  it('mails nobody twice when a row is published again (a crash between publishing and marking it)', async () => {
    const event = await renewal();
    const id = await addOutbox(OUTBOX_TOPICS.certificateRenewed, event);
    await published(id);
    expect(h.sink.mails).toHaveLength(2);

    await h.db.query(`UPDATE outbox_message SET published_at = NULL WHERE id = $1`, [id]);
    await published(id);
    // The job was removed meanwhile (or never kept): the same message handled again.
    await h.notifier.queues.outbox.add('again', {
      installationId: await installationId(h.db),
      messageId: `${id}-replayed`,
      topic: OUTBOX_TOPICS.certificateRenewed,
      payload: event,
      createdAt: new Date().toISOString(),
    });
    await h.idle();
    expect(h.sink.mails).toHaveLength(2);
    const rows = (await deliveries(h.db)).filter((d) => d.certificate_id === event.certificateId);
    expect(rows.map((r) => r.state)).toEqual(['sent', 'sent']);
  });

  it('tells the contact of a deployment recorded on the renewed certificate too', async () => {
    const event = await renewal();
    await createDeployment(h.db, {
      certificateId: event.renewedCertificateId!,
      software: 'New lab connector',
      contactEmail: 'lab@hopital-nord.test',
    });
    const withNew = {
      ...event,
      deployments: [
        ...event.deployments,
        { id: crypto.randomUUID(), software: 'New lab connector', contactEmail: 'lab@hopital-nord.test' },
      ],
    };
    const id = await addOutbox(OUTBOX_TOPICS.certificateRenewed, withNew);
    await published(id);
    const [notice] = h.sink.to('lab@hopital-nord.test');
    expect(notice?.text).toContain('New lab connector');
  });

  it('publishes the topics the notifier has nothing to do with, and mails nobody', async () => {
    const id = await addOutbox(OUTBOX_TOPICS.contactsChanged, {
      organisationId: crypto.randomUUID(),
      genericContactCount: 0,
    });
    await published(id);
    expect(h.sink.mails).toHaveLength(0);
  });
});
