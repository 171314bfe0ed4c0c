import type {
  WebhookDeliveryAttemptEntity,
  WebhookDeliveryEntity,
  WebhookSubscriptionEntity,
} from '@certdesk/persistence';
import type { WebhookDeliveryDto, WebhookDto } from './webhooks.dto.js';

/**
 * A receiver's URL as the api shows and audits it: its query values hidden. A Teams Workflows URL is its own
 * credential (`sig=` in the query), and the audit trail keeps what it is given for ever.
 */
export function displayWebhookUrl(text: string): string {
  try {
    const url = new URL(text);
    const names = [...url.searchParams.keys()];
    if (names.length === 0) return url.href;
    return `${url.origin}${url.pathname}?${[...new Set(names)].map((n) => `${encodeURIComponent(n)}=…`).join('&')}`;
  } catch {
    return '(invalid URL)';
  }
}

/** The subscription as the api shows it at `now`: never a secret, and a previous secret's grace only while it runs. */
export function webhookDto(subscription: WebhookSubscriptionEntity, now: Date): WebhookDto {
  const previousUntil = subscription.previousSecretUntil;
  return {
    id: subscription.id,
    organisationId: subscription.organisationId,
    name: subscription.name,
    url: displayWebhookUrl(subscription.url),
    format: subscription.format,
    events: subscription.events,
    language: subscription.language,
    enabled: subscription.enabled,
    disabledReason: subscription.disabledReason,
    disabledAt: subscription.disabledAt?.toISOString() ?? null,
    consecutiveFailures: subscription.consecutiveFailures,
    previousSecretValidUntil:
      subscription.previousSecretCiphertext !== null && previousUntil !== null && previousUntil > now
        ? previousUntil.toISOString()
        : null,
    createdAt: subscription.createdAt.toISOString(),
  };
}

/** What the audit trail records of a subscription (never its secret, nor its URL's query values). */
export function webhookAuditView(subscription: WebhookSubscriptionEntity): Record<string, unknown> {
  return {
    name: subscription.name,
    url: displayWebhookUrl(subscription.url),
    format: subscription.format,
    events: subscription.events,
    language: subscription.language,
    enabled: subscription.enabled,
  };
}

export function webhookDeliveryDto(
  delivery: WebhookDeliveryEntity,
  attempts: WebhookDeliveryAttemptEntity[],
): WebhookDeliveryDto {
  return {
    id: delivery.id,
    eventType: delivery.eventType,
    organisationId: delivery.organisationId,
    state: delivery.state,
    attempts: delivery.attempts,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    lastAttemptAt: delivery.lastAttemptAt?.toISOString() ?? null,
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    createdAt: delivery.createdAt.toISOString(),
    attemptLog: attempts.map((a) => ({
      attempt: a.attempt,
      startedAt: a.startedAt.toISOString(),
      durationMs: a.durationMs,
      statusCode: a.statusCode,
      error: a.error,
      responseExcerpt: a.responseExcerpt,
    })),
  };
}
