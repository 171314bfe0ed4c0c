import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OutboxPayloads } from '@certdesk/contracts';
import { OutboxMessageEntity } from '@certdesk/persistence';

/** Records, in the caller's transaction, what other services must hear about (libs/contracts OUTBOX_TOPICS). */
@Injectable()
export class Outbox {
  async add<T extends keyof OutboxPayloads>(
    manager: EntityManager,
    topic: T,
    payload: OutboxPayloads[T],
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(OutboxMessageEntity)
      .values({ topic, payload } as never)
      .execute();
  }
}
