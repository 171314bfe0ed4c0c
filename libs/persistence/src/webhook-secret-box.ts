// Webhook signing secrets at rest. The api must show a secret once and the notifier must sign with it, so it is
// stored encrypted (AES-256-GCM), with a key derived (HKDF, its own label) from WEBHOOK_KEY or TOKEN_SECRET, never
// stored in the database: a copy of the database alone signs nothing. The subscription's id is the associated data,
// so a ciphertext copied onto another subscription does not open.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const LABEL = 'certdesk/webhook-secret/v1';
const VERSION = 'v1';

/** The key that encrypts webhook secrets, from WEBHOOK_KEY, or TOKEN_SECRET when it is unset. */
export function webhookSecretKey(base: string): Buffer {
  return Buffer.from(hkdfSync('sha256', base, '', LABEL, 32));
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
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(subscriptionId));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [
    VERSION,
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    body.toString('base64'),
  ].join('.');
}

/** Throws when the key is not the one that sealed it, or the text was changed or moved. */
export function openWebhookSecret(key: Buffer, subscriptionId: string, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined)
    throw new Error('not a sealed webhook secret');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(subscriptionId));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}
