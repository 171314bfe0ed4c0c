import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { Clock } from '../core/clock.js';
import { Transactions } from '../core/transactions.js';
import { WebhookAccess } from './webhook-access.js';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository.js';
import { webhookDeliveryDto, webhookDto } from './webhook-view.js';
import type { WebhookDeliveryListDto, WebhookDto, WebhookListDto } from './webhooks.dto.js';

export class ListWebhooksQuery extends Query<WebhookListDto> {
  constructor(
    readonly actor: Actor,
    readonly organisationId: string | undefined,
  ) {
    super();
  }
}

/** The webhooks the actor manages: their organisations' (a central administrator: all, installation-wide too). */
@QueryHandler(ListWebhooksQuery)
export class ListWebhooksHandler implements IQueryHandler<ListWebhooksQuery> {
  constructor(
    private readonly transactions: Transactions,
    private readonly access: AccessPolicy,
    private readonly webhooks: WebhookAccess,
    private readonly repository: WebhookSubscriptionsRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, organisationId }: ListWebhooksQuery): Promise<WebhookListDto> {
    if (organisationId !== undefined) this.webhooks.requireScope(actor, organisationId);
    const scope =
      organisationId !== undefined
        ? [organisationId]
        : this.access.visibleOrganisationIds(actor, 'webhook.manage');
    const rows = await this.repository.list(this.transactions.manager, scope);
    const now = this.clock.now();
    return { webhooks: rows.map((row) => webhookDto(row, now)) };
  }
}

export class GetWebhookQuery extends Query<WebhookDto> {
  constructor(
    readonly actor: Actor,
    readonly id: string,
  ) {
    super();
  }
}

@QueryHandler(GetWebhookQuery)
export class GetWebhookHandler implements IQueryHandler<GetWebhookQuery> {
  constructor(
    private readonly transactions: Transactions,
    private readonly webhooks: WebhookAccess,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, id }: GetWebhookQuery): Promise<WebhookDto> {
    return webhookDto(await this.webhooks.load(this.transactions.manager, actor, id), this.clock.now());
  }
}

export class ListWebhookDeliveriesQuery extends Query<WebhookDeliveryListDto> {
  constructor(
    readonly actor: Actor,
    readonly id: string,
    readonly limit: number,
  ) {
    super();
  }
}

/** The delivery log: the newest deliveries, each with its attempts (status codes, times, the next retry). */
@QueryHandler(ListWebhookDeliveriesQuery)
export class ListWebhookDeliveriesHandler implements IQueryHandler<ListWebhookDeliveriesQuery> {
  constructor(
    private readonly transactions: Transactions,
    private readonly webhooks: WebhookAccess,
    private readonly repository: WebhookSubscriptionsRepository,
  ) {}

  async execute({ actor, id, limit }: ListWebhookDeliveriesQuery): Promise<WebhookDeliveryListDto> {
    const manager = this.transactions.manager;
    await this.webhooks.load(manager, actor, id);
    const rows = await this.repository.deliveries(manager, id, limit);
    return { deliveries: rows.map(({ delivery, attempts }) => webhookDeliveryDto(delivery, attempts)) };
  }
}
