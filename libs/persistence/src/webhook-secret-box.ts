// Webhook signing secrets at rest. The api must show a secret once and the notifier must sign with it, so it is
// stored encrypted (AES-256-GCM), with a key derived (HKDF, its own label) from WEBHOOK_KEY or TOKEN_SECRET, never
// stored in the database: a copy of the database alone signs nothing. The subscription's id is the associated data,
// so a ciphertext copied onto another subscription does not open.
import { randomBytes } from 'node:crypto';
import { openSealedText, sealingKey, sealText } from './sealed-text.js';

const LABEL = 'certdesk/webhook-secret/v1';

/** The key that encrypts webhook secrets, from WEBHOOK_KEY, or TOKEN_SECRET when it is unset. */
export function webhookSecretKey(base: string): Buffer {
  return sealingKey(base, LABEL);
}

/** A new signing secret as the Standard Webhooks spec writes it: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The HMAC key inside a `whsec_` secret. */
export function webhookSecretBytes(secret: string): Buffer {
  return Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
}

export function sealWebhookSecret(key: Buffer, subscriptionId: string, secret: string): string {
  return sealText(key, subscriptionId, secret);
}

/** Throws when the key is not the one that sealed it, or the text was changed or moved. */
export function openWebhookSecret(key: Buffer, subscriptionId: string, sealed: string): string {
  return openSealedText(key, subscriptionId, sealed, 'webhook secret');
}
