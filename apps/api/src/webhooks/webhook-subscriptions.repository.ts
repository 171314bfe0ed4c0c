import { Injectable } from '@nestjs/common';
import { type EntityManager, In, IsNull } from 'typeorm';
import {
  WebhookDeliveryAttemptEntity,
  WebhookDeliveryEntity,
  WebhookSubscriptionEntity,
} from '@certdesk/persistence';

/** Webhook subscriptions and their delivery log. Writes take the caller's transaction. */
@Injectable()
export class WebhookSubscriptionsRepository {
  async find(
    manager: EntityManager,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<WebhookSubscriptionEntity | null> {
    const query = manager
      .getRepository(WebhookSubscriptionEntity)
      .createQueryBuilder('w')
      .where('w.id = :id', { id });
    if (options.forUpdate) query.setLock('pessimistic_write');
    return query.getOne();
  }

  /**
   * Subscriptions of these organisations; `null`: every one, installation-wide ones included (a central
   * administrator's view).
   */
  async list(manager: EntityManager, organisationIds: string[] | null): Promise<WebhookSubscriptionEntity[]> {
    if (organisationIds !== null && organisationIds.length === 0) return [];
    return manager.getRepository(WebhookSubscriptionEntity).find({
      where: organisationIds === null ? {} : { organisationId: In(organisationIds) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async listInstallationWide(manager: EntityManager): Promise<WebhookSubscriptionEntity[]> {
    return manager.getRepository(WebhookSubscriptionEntity).find({
      where: { organisationId: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async organisationExists(manager: EntityManager, organisationId: string): Promise<boolean> {
    const rows = (await manager.query('SELECT 1 FROM organisation WHERE id = $1', [
      organisationId,
    ])) as unknown[];
    return rows.length > 0;
  }

  async insert(manager: EntityManager, subscription: Partial<WebhookSubscriptionEntity>): Promise<void> {
    await manager.getRepository(WebhookSubscriptionEntity).insert(subscription);
  }

  async update(
    manager: EntityManager,
    id: string,
    changes: Partial<WebhookSubscriptionEntity>,
  ): Promise<void> {
    await manager
      .getRepository(WebhookSubscriptionEntity)
      .update({ id }, { ...changes, updatedAt: new Date() });
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(WebhookSubscriptionEntity).delete({ id });
  }

  /** The newest deliveries of a subscription, each with its attempts (oldest attempt first). */
  async deliveries(
    manager: EntityManager,
    subscriptionId: string,
    limit: number,
  ): Promise<{ delivery: WebhookDeliveryEntity; attempts: WebhookDeliveryAttemptEntity[] }[]> {
    const deliveries = await manager.getRepository(WebhookDeliveryEntity).find({
      where: { subscriptionId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
    if (deliveries.length === 0) return [];
    const attempts = await manager.getRepository(WebhookDeliveryAttemptEntity).find({
      where: { deliveryId: In(deliveries.map((d) => d.id)) },
      order: { attempt: 'ASC', id: 'ASC' },
    });
    return deliveries.map((delivery) => ({
      delivery,
      attempts: attempts.filter((a) => a.deliveryId === delivery.id),
    }));
  }
}
