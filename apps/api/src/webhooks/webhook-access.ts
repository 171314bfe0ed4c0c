import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { checkWebhookUrl } from '@certdesk/domain';
import { sealWebhookSecret, webhookSecretKey, type WebhookSubscriptionEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { NotFoundError, UnprocessableError } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository.js';

/**
 * What every webhook use case checks: who may manage a subscription (an installation-wide one is a central
 * administrator's alone, and answers 404 to anyone else, like a missing one), where it may point, and its secret's
 * sealing.
 */
@Injectable()
export class WebhookAccess {
  private readonly key: Buffer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessPolicy,
    private readonly repository: WebhookSubscriptionsRepository,
  ) {
    this.key = webhookSecretKey(config.webhooks.keyBase);
  }

  /** Throws 404 (missing, or out of sight) or 403 (visible, but the role may not manage webhooks). */
  requireScope(actor: Actor, organisationId: string | null): void {
    if (organisationId === null) {
      if (!actor.centralAdmin) throw new NotFoundError('webhook');
      return;
    }
    this.access.require(actor, 'webhook.manage', organisationId, 'webhook');
  }

  async load(
    manager: EntityManager,
    actor: Actor,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<WebhookSubscriptionEntity> {
    const subscription = await this.repository.find(manager, id, options);
    if (!subscription) throw new NotFoundError('webhook');
    this.requireScope(actor, subscription.organisationId);
    return subscription;
  }

  /** The URL as stored, or 422 INVALID_WEBHOOK_URL naming the rule it breaks. */
  checkUrl(text: string): string {
    const checked = checkWebhookUrl(text, {
      allowPrivateNetworks: this.config.webhooks.allowPrivateNetworks,
    });
    if (!checked.ok)
      throw new UnprocessableError('INVALID_WEBHOOK_URL', `url: ${checked.message}`, {
        rule: checked.reason,
      });
    return checked.value.href;
  }

  seal(subscriptionId: string, secret: string): string {
    return sealWebhookSecret(this.key, subscriptionId, secret);
  }
}
