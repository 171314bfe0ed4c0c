import { setTimeout as sleep } from 'node:timers/promises';
import type { OutboxTopic } from '@certdesk/contracts';
import type { Harness } from './harness.js';

/** Writes an outbox message as the api would, and waits until the notifier published and handled it. */
export async function publishOutbox(h: Harness, topic: OutboxTopic, payload: object): Promise<string> {
  const [{ id }] = (await h.db.query(
    `INSERT INTO outbox_message (topic, payload) VALUES ($1, $2) RETURNING id`,
    [topic, payload],
  )) as [{ id: string }];
  for (let i = 0; i < 300; i++) {
    const [row] = (await h.db.query(`SELECT published_at FROM outbox_message WHERE id = $1`, [id])) as [
      { published_at: Date | null },
    ];
    if (row.published_at) {
      await h.idle();
      return id;
    }
    await sleep(20);
  }
  throw new Error(`outbox message ${id} was not published`);
}
