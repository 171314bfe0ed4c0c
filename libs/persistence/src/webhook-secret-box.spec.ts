import { describe, expect, it } from '@jest/globals';
import {
  newWebhookSecret,
  openWebhookSecret,
  sealWebhookSecret,
  webhookSecretBytes,
  webhookSecretKey,
} from './webhook-secret-box.js';

const key = webhookSecretKey('a token secret of at least 32 characters');

describe('webhook secrets at rest', () => {
  it('are whsec_ + base64 of 32 random bytes', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(webhookSecretBytes(secret)).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it('open with the key and subscription that sealed them, and hide the secret', () => {
    const secret = newWebhookSecret();
    const sealed = sealWebhookSecret(key, 'sub-1', secret);
    expect(sealed).not.toContain(secret.slice(6, 20));
    expect(openWebhookSecret(key, 'sub-1', sealed)).toBe(secret);
  });

  it('do not open with another key, on another subscription, or changed', () => {
    const sealed = sealWebhookSecret(key, 'sub-1', newWebhookSecret());
    expect(() =>
      openWebhookSecret(webhookSecretKey('another secret of at least 32 chars!!'), 'sub-1', sealed),
    ).toThrow();
    expect(() => openWebhookSecret(key, 'sub-2', sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('forged').toString('base64');
    expect(() => openWebhookSecret(key, 'sub-1', parts.join('.'))).toThrow();
    expect(() => openWebhookSecret(key, 'sub-1', 'plain')).toThrow(/not a sealed/);
  });
});
