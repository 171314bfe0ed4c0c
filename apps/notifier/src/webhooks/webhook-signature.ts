import { createHmac } from 'node:crypto';
import { webhookSecretBytes } from '@certdesk/persistence';

/**
 * The Standard Webhooks headers of one request: `webhook-signature` is `v1,` + base64(HMAC-SHA256(secret,
 * `${id}.${timestamp}.${body}`)), the secret being the bytes of the `whsec_` value; with several secrets (the current
 * one first, then one a rotation replaced and still keeps valid), one such entry per secret, separated by spaces, and
 * the receiver accepts the request when one matches. The id is the delivery's, the same on every attempt; the
 * timestamp (seconds) is the attempt's, so receivers can refuse old replays.
 */
export function standardWebhookHeaders(
  secrets: readonly [string, ...string[]],
  id: string,
  timestampSeconds: number,
  body: string,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const signed = `${id}.${timestampSeconds}.${body}`;
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets
      .map(
        (secret) => `v1,${createHmac('sha256', webhookSecretBytes(secret)).update(signed).digest('base64')}`,
      )
      .join(' '),
  };
}
