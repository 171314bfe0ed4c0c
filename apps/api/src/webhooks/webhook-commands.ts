import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { newWebhookSecret } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { NotFoundError } from '../common/errors.js';
import { Clock } from '../core/clock.js';
import { Transactions } from '../core/transactions.js';
import { WebhookAccess } from './webhook-access.js';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository.js';
import { webhookAuditView, webhookDto } from './webhook-view.js';
import {
  DEFAULT_PREVIOUS_SECRET_HOURS,
  type CreateWebhookDto,
  type UpdateWebhookDto,
  type WebhookDto,
  type WebhookWithSecretDto,
} from './webhooks.dto.js';

const HOUR_MS = 3_600_000;

export const WEBHOOK_ACTIONS = {
  created: 'webhook.created',
  updated: 'webhook.updated',
  deleted: 'webhook.deleted',
  secretRotated: 'webhook.secret-rotated',
} as const;

export class CreateWebhookCommand extends Command<WebhookWithSecretDto> {
  constructor(
    readonly actor: Actor,
    readonly input: CreateWebhookDto,
  ) {
    super();
  }
}

/** A new subscription, audited; its secret is in this answer only. */
@CommandHandler(CreateWebhookCommand)
export class CreateWebhookHandler implements ICommandHandler<CreateWebhookCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly webhooks: WebhookAccess,
    private readonly repository: WebhookSubscriptionsRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, input }: CreateWebhookCommand): Promise<WebhookWithSecretDto> {
    this.webhooks.requireScope(actor, input.organisationId);
    const url = this.webhooks.checkUrl(input.url);
    return this.transactions.run(async (manager) => {
      if (input.organisationId && !(await this.repository.organisationExists(manager, input.organisationId)))
        throw new NotFoundError('webhook');
      const id = randomUUID();
      const secret = newWebhookSecret();
      const now = this.clock.now();
      await this.repository.insert(manager, {
        id,
        organisationId: input.organisationId,
        name: input.name.trim(),
        url,
        format: input.format,
        events: input.events,
        language: input.language ?? null,
        secretCiphertext: this.webhooks.seal(id, secret),
        createdById: actor.userId,
        createdAt: now,
        updatedAt: now,
      });
      const created = (await this.repository.find(manager, id))!;
      await this.audit.append(
        manager,
        actor,
        {
          action: WEBHOOK_ACTIONS.created,
          organisationId: input.organisationId,
          after: { id, ...webhookAuditView(created) },
        },
        now,
      );
      return { ...webhookDto(created, now), secret };
    });
  }
}

export class UpdateWebhookCommand extends Command<WebhookDto> {
  constructor(
    readonly actor: Actor,
    readonly id: string,
    readonly input: UpdateWebhookDto,
  ) {
    super();
  }
}

/** Changes what was given; `enabled: true` re-enables a disabled subscription with its failure count reset. */
@CommandHandler(UpdateWebhookCommand)
export class UpdateWebhookHandler implements ICommandHandler<UpdateWebhookCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly webhooks: WebhookAccess,
    private readonly repository: WebhookSubscriptionsRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, id, input }: UpdateWebhookCommand): Promise<WebhookDto> {
    return this.transactions.run(async (manager) => {
      const before = await this.webhooks.load(manager, actor, id, { forUpdate: true });
      const url = input.url === undefined ? undefined : this.webhooks.checkUrl(input.url);
      const now = this.clock.now();
      const enabling = input.enabled === true && !before.enabled;
      const disabling = input.enabled === false && before.enabled;
      await this.repository.update(manager, id, {
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(url !== undefined ? { url } : {}),
        ...(input.format !== undefined ? { format: input.format } : {}),
        ...(input.events !== undefined ? { events: input.events } : {}),
        ...(input.language !== undefined ? { language: input.language } : {}),
        ...(enabling
          ? { enabled: true, disabledReason: null, disabledAt: null, consecutiveFailures: 0 }
          : {}),
        ...(disabling ? { enabled: false, disabledReason: 'administrator', disabledAt: now } : {}),
      });
      const after = (await this.repository.find(manager, id))!;
      await this.audit.append(
        manager,
        actor,
        {
          action: WEBHOOK_ACTIONS.updated,
          organisationId: before.organisationId,
          before: { id, ...webhookAuditView(before) },
          after: { id, ...webhookAuditView(after) },
        },
        now,
      );
      return webhookDto(after, now);
    });
  }
}

export class DeleteWebhookCommand extends Command<void> {
  constructor(
    readonly actor: Actor,
    readonly id: string,
  ) {
    super();
  }
}

/** Gone with its delivery log; deliveries still queued find no subscription and are dropped. */
@CommandHandler(DeleteWebhookCommand)
export class DeleteWebhookHandler implements ICommandHandler<DeleteWebhookCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly webhooks: WebhookAccess,
    private readonly repository: WebhookSubscriptionsRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, id }: DeleteWebhookCommand): Promise<void> {
    await this.transactions.run(async (manager) => {
      const subscription = await this.webhooks.load(manager, actor, id, { forUpdate: true });
      await this.repository.delete(manager, id);
      await this.audit.append(
        manager,
        actor,
        {
          action: WEBHOOK_ACTIONS.deleted,
          organisationId: subscription.organisationId,
          before: { id, ...webhookAuditView(subscription) },
        },
        this.clock.now(),
      );
    });
  }
}

export class RotateWebhookSecretCommand extends Command<WebhookWithSecretDto> {
  constructor(
    readonly actor: Actor,
    readonly id: string,
    /** How long the replaced secret still signs deliveries beside the new one; 0: not at all (a leaked secret). */
    readonly keepPreviousForHours: number = DEFAULT_PREVIOUS_SECRET_HOURS,
  ) {
    super();
  }
}

/**
 * A new secret, in this answer only; deliveries from now on (retries included) are signed with it and, for
 * `keepPreviousForHours`, with the one it replaces too, so a receiver keeps accepting them until it is updated. Only
 * one previous secret is kept: a rotation during a grace replaces it with the secret being rotated out. The sealed
 * value moves as it is (it is bound to the subscription, not to the column).
 */
@CommandHandler(RotateWebhookSecretCommand)
export class RotateWebhookSecretHandler implements ICommandHandler<RotateWebhookSecretCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly webhooks: WebhookAccess,
    private readonly repository: WebhookSubscriptionsRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async execute({
    actor,
    id,
    keepPreviousForHours,
  }: RotateWebhookSecretCommand): Promise<WebhookWithSecretDto> {
    return this.transactions.run(async (manager) => {
      const subscription = await this.webhooks.load(manager, actor, id, { forUpdate: true });
      const secret = newWebhookSecret();
      const now = this.clock.now();
      const until =
        keepPreviousForHours > 0 ? new Date(now.getTime() + keepPreviousForHours * HOUR_MS) : null;
      await this.repository.update(manager, id, {
        secretCiphertext: this.webhooks.seal(id, secret),
        previousSecretCiphertext: until ? subscription.secretCiphertext : null,
        previousSecretUntil: until,
      });
      await this.audit.append(
        manager,
        actor,
        {
          action: WEBHOOK_ACTIONS.secretRotated,
          organisationId: subscription.organisationId,
          after: { id, keepPreviousForHours, previousSecretValidUntil: until?.toISOString() ?? null },
        },
        now,
      );
      return { ...webhookDto((await this.repository.find(manager, id))!, now), secret };
    });
  }
}
