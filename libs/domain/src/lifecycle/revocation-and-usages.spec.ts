import { describe, expect, it } from '@jest/globals';
import { isRevocationReason, REVOCATION_REASON_DETAILS, REVOCATION_REASONS } from './revocation.js';
import { CERTIFICATE_USAGE_LABELS, CERTIFICATE_USAGES, isCertificateUsage } from './usages.js';

describe('revocation reasons', () => {
  it('are the six the api offers', () => {
    expect(REVOCATION_REASONS).toEqual([
      'password-lost',
      'keystore-lost',
      'key-compromised',
      'replaced',
      'manager-left',
      'other',
    ]);
  });

  it.each(REVOCATION_REASONS)('%s has a label', (reason) => {
    expect(REVOCATION_REASON_DETAILS[reason].label.length).toBeGreaterThan(3);
  });

  it('say what to write in the eHealth tool, as the seeds do', () => {
    expect(REVOCATION_REASON_DETAILS['password-lost'].ehealthReason).toBe('Forgotten password');
    expect(REVOCATION_REASON_DETAILS['keystore-lost'].ehealthReason).toBe('Private key compromised');
    expect(REVOCATION_REASON_DETAILS.replaced.ehealthReason).toBe('To be replaced by a new certificate');
    expect(REVOCATION_REASON_DETAILS.other.ehealthReason).toBeNull();
  });

  it.each([
    ['replaced', true],
    ['other', true],
    ['Replaced', false],
    ['stolen', false],
    ['', false],
    [null, false],
    [3, false],
  ])('isRevocationReason(%j) is %s', (value, expected) => {
    expect(isRevocationReason(value)).toBe(expected);
  });
});

describe('certificate usages', () => {
  it('are the four boxes of the renewal screen', () => {
    expect(CERTIFICATE_USAGES).toEqual(['Timestamping', 'ConsultRN', 'Codage', 'Other']);
    expect(CERTIFICATE_USAGE_LABELS.Codage).toMatch(/pseudonymisation/);
  });

  it.each([
    ['Codage', true],
    ['ConsultRN', true],
    ['codage', false],
    ['Autre', false],
    [undefined, false],
  ])('isCertificateUsage(%j) is %s', (value, expected) => {
    expect(isCertificateUsage(value)).toBe(expected);
  });
});
