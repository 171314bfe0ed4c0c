import { createHmac } from 'node:crypto';
import { webhookSecretBytes } from '@certdesk/persistence';

/**
 * The Standard Webhooks headers of one request: `webhook-signature` is `v1,` + base64(HMAC-SHA256(secret,
 * `${id}.${timestamp}.${body}`)), the secret being the bytes of the `whsec_` value. The id is the delivery's, the same
 * on every attempt; the timestamp (seconds) is the attempt's, so receivers can refuse old replays.
 */
export function standardWebhookHeaders(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const signature = createHmac('sha256', webhookSecretBytes(secret))
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest('base64');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': `v1,${signature}`,
  };
}
