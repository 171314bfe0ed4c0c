import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { outboxJobId, type OutboxJob, type OutboxTopic } from '@certdesk/contracts';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config/config.js';
import { INSTALLATION_ID } from '../core/installation.js';
import { NotifierQueues } from '../queues/notifier-queues.js';

const BATCH = 500;

/**
 * Publishes the api's outbox (outbox_message rows written in the same transaction as the change) to the outbox
 * queue, oldest first, and marks them published. Rows are locked (SKIP LOCKED) so two notifiers never publish
 * the same batch; each job's id is the row's, with the installation's (outboxJobId), so a row published again after a crash between
 * the publish and the commit is not added twice while its job is kept, and consumers are idempotent anyway.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly queues: NotifierQueues,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(INSTALLATION_ID) private readonly installationId: string,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Publishes what is unpublished; returns how many rows. */
  async relayOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const outcome = await this.db.transaction(
        async (manager): Promise<{ published: number } | { failed: string }> => {
          const rows = (await manager.query(
            `SELECT id, topic, payload, created_at FROM outbox_message
            WHERE published_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
          )) as { id: string; topic: OutboxTopic; payload: OutboxJob['payload']; created_at: Date }[];
          if (rows.length === 0) return { published: 0 };
          try {
            await this.queues.outbox.addBulk(
              rows.map((row) => ({
                name: row.topic,
                data: {
                  installationId: this.installationId,
                  messageId: String(row.id),
                  topic: row.topic,
                  payload: row.payload,
                  createdAt: row.created_at.toISOString(),
                },
                opts: { jobId: outboxJobId(this.installationId, String(row.id)) },
              })),
            );
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            await manager.query(
              `UPDATE outbox_message SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`,
              [rows.map((r) => r.id), message.slice(0, 1000)],
            );
            return { failed: message };
          }
          await manager.query(
            `UPDATE outbox_message SET published_at = now(), attempts = attempts + 1, last_error = NULL
            WHERE id = ANY($1::bigint[])`,
            [rows.map((r) => r.id)],
          );
          return { published: rows.length };
        },
      );
      // The failed attempt is recorded (committed) on the rows; they stay unpublished for the next poll.
      if ('failed' in outcome) throw new Error(`cannot publish the outbox: ${outcome.failed}`);
      total += outcome.published;
      if (outcome.published < BATCH) return total;
    }
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.relayOnce()
        .then((count) => {
          if (count > 0) this.logger.log(`published ${count} outbox message(s)`);
        })
        .catch((error: unknown) => {
          this.logger.warn(`outbox relay: ${error instanceof Error ? error.message : String(error)}`);
        })
        .finally(() => this.schedule(this.config.outboxPollMs));
    }, delay);
  }
}
