import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  WEBHOOK_JOB_NAME,
  webhookDeliveryJobId,
  type OutboxJob,
  type WebhookPayload,
} from '@certdesk/contracts';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config/config.js';
import { INSTALLATION_ID } from '../core/installation.js';
import { NotifierQueues } from '../queues/notifier-queues.js';
import { webhookEventOf } from './webhook-events.js';

/**
 * Turns an outbox message into one delivery per matching subscription: enabled, subscribed to the event, and either
 * the event's organisation's or installation-wide; never another organisation's. Deliveries are unique per
 * (subscription, message), so a message handled twice delivers once; every delivery of the message still pending
 * gets its job (ids are the deliveries', so a retried fan-out adds none twice).
 */
@Injectable()
export class WebhookFanOut {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    private readonly queues: NotifierQueues,
    @Inject(INSTALLATION_ID) private readonly installationId: string,
  ) {}

  /** After a crash: every pending delivery gets its job again (a job still kept keeps its id, and is not added). */
  async requeuePending(): Promise<number> {
    const pending = (await this.db.query(
      `SELECT d.id FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id
        WHERE d.state = 'pending' AND s.enabled`,
    )) as { id: string }[];
    await this.enqueue(this.installationId, pending);
    return pending.length;
  }

  /** Returns how many deliveries the message has. */
  async fanOut(job: OutboxJob): Promise<number> {
    const event = webhookEventOf(job);
    if (!event) return 0;
    const source = `outbox/${job.installationId}/${job.messageId}`;
    const pending = await this.db.transaction(async (manager) => {
      const subscriptions = (await manager.query(
        `SELECT id FROM webhook_subscription
          WHERE enabled AND $1 = ANY(events) AND (organisation_id = $2 OR organisation_id IS NULL)`,
        [event.type, event.organisationId],
      )) as { id: string }[];
      if (subscriptions.length === 0) return [];
      const data = await event.data(manager, this.config.publicUrl);
      if (!data) return [];
      const payload: WebhookPayload = { type: event.type, timestamp: job.createdAt, data };
      await manager.query(
        `INSERT INTO webhook_delivery (subscription_id, organisation_id, event_type, source, payload)
         SELECT s, $2, $3, $4, $5 FROM unnest($1::uuid[]) AS s
         ON CONFLICT (subscription_id, source) DO NOTHING`,
        [subscriptions.map((s) => s.id), event.organisationId, event.type, source, payload],
      );
      return (await manager.query(`SELECT id FROM webhook_delivery WHERE source = $1 AND state = 'pending'`, [
        source,
      ])) as { id: string }[];
    });
    await this.enqueue(job.installationId, pending);
    return pending.length;
  }

  private async enqueue(installationId: string, deliveries: { id: string }[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.queues.webhooks.addBulk(
      deliveries.map(({ id }) => ({
        name: WEBHOOK_JOB_NAME,
        data: { installationId, deliveryId: id },
        opts: { jobId: webhookDeliveryJobId(installationId, id) },
      })),
    );
  }
}
