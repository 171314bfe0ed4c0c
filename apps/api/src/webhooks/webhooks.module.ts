import { Module } from '@nestjs/common';
import {
  CreateWebhookHandler,
  DeleteWebhookHandler,
  RotateWebhookSecretHandler,
  UpdateWebhookHandler,
} from './webhook-commands.js';
import { WebhookAccess } from './webhook-access.js';
import { GetWebhookHandler, ListWebhookDeliveriesHandler, ListWebhooksHandler } from './webhook-queries.js';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository.js';
import { WebhooksController } from './webhooks.controller.js';

/**
 * Webhook subscriptions, their secrets and delivery log (docs/webhooks.md). The notifier delivers: it fans the
 * outbox out to subscriptions and posts, signed, with retries.
 */
@Module({
  controllers: [WebhooksController],
  providers: [
    WebhookSubscriptionsRepository,
    WebhookAccess,
    CreateWebhookHandler,
    UpdateWebhookHandler,
    DeleteWebhookHandler,
    RotateWebhookSecretHandler,
    ListWebhooksHandler,
    GetWebhookHandler,
    ListWebhookDeliveriesHandler,
  ],
})
export class WebhooksModule {}
