import { describe, expect, it } from '@jest/globals';
import { checkWebhookUrl, isPublicAddress, MAX_WEBHOOK_URL_LENGTH } from './webhooks.js';

const publicOnly = { allowPrivateNetworks: false };

describe('webhook URLs', () => {
  it.each([
    'https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=x',
    'http://hooks.example.org/certdesk',
    'https://93.184.216.34/hook',
    'https://[2606:4700::1111]/hook',
  ])('accepts %s', (url) => {
    expect(checkWebhookUrl(url, publicOnly).ok).toBe(true);
  });

  it.each([
    ['ftp://example.org/x', 'SCHEME'],
    ['file:///etc/passwd', 'SCHEME'],
    ['javascript:alert(1)', 'SCHEME'],
    ['example.org/hook', 'NOT_A_URL'],
    ['https://user:pw@example.org/hook', 'CREDENTIALS'],
    ['https://example.org/a\nb', 'CONTROL_CHARACTERS'],
    ['https://example.org/a b', 'CONTROL_CHARACTERS'],
    [`https://example.org/${'a'.repeat(MAX_WEBHOOK_URL_LENGTH)}`, 'TOO_LONG'],
    ['http://127.0.0.1:8080/', 'PRIVATE_ADDRESS'],
    ['http://localhost/', 'PRIVATE_ADDRESS'],
    ['http://api.localhost./', 'PRIVATE_ADDRESS'],
    ['http://10.1.2.3/', 'PRIVATE_ADDRESS'],
    ['http://169.254.169.254/latest/meta-data', 'PRIVATE_ADDRESS'],
    ['http://192.168.0.1/', 'PRIVATE_ADDRESS'],
    ['http://172.31.255.255/', 'PRIVATE_ADDRESS'],
    ['http://0.0.0.0/', 'PRIVATE_ADDRESS'],
    ['http://2130706433/', 'PRIVATE_ADDRESS'], // 127.0.0.1 as one number (URL normalises it)
    ['http://0x7f.1/', 'PRIVATE_ADDRESS'],
    ['http://[::1]/', 'PRIVATE_ADDRESS'],
    ['http://[::ffff:127.0.0.1]/', 'PRIVATE_ADDRESS'],
    ['http://[fd00::1]/', 'PRIVATE_ADDRESS'],
    ['http://[fe80::1]/', 'PRIVATE_ADDRESS'],
  ])('refuses %s (%s)', (url, reason) => {
    const result = checkWebhookUrl(url, publicOnly);
    expect(result).toMatchObject({ ok: false, reason });
  });

  it('allows loopback and private receivers when the installation says so', () => {
    expect(checkWebhookUrl('http://127.0.0.1:8080/', { allowPrivateNetworks: true }).ok).toBe(true);
    expect(checkWebhookUrl('http://10.0.0.5/', { allowPrivateNetworks: true }).ok).toBe(true);
    expect(checkWebhookUrl('ftp://10.0.0.5/', { allowPrivateNetworks: true }).ok).toBe(false);
  });

  it.each([
    ['8.8.8.8', true],
    ['100.64.0.1', false],
    ['::', false],
    ['64:ff9b::a00:1', false],
    ['64:ff9b::808:808', true],
    ['2001:db8::1', false],
    ['ff02::1', false],
    ['not an address', false],
  ])('classifies %s as public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});
