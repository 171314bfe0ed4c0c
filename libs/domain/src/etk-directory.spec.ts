import { describe, expect, it } from '@jest/globals';
import {
  type EtkRenewalCase,
  etkActivationOverdueBound,
  etkDiscoveryEnvironments,
  etkKeystoreMatch,
  isEtkActivationOverdue,
  publishesRenewedEtk,
} from './etk-directory.js';

describe('etkKeystoreMatch', () => {
  const published = { alias: '4242', sha256Fingerprint: 'AB01' };
  const entry = (alias: string | null, certificateFingerprint: string | null, hasPrivateKey = true) => ({
    alias,
    certificateFingerprint,
    hasPrivateKey,
  });

  it('is unknown without a known keystore', () => {
    expect(etkKeystoreMatch(published, null)).toBe('unknown');
  });

  it('matches a key under the decimal serial whose certificate is the published one (case and zeros aside)', () => {
    expect(etkKeystoreMatch(published, [entry('authentication', 'ff'), entry('004242', 'ab01')])).toBe(
      'matches',
    );
  });

  it.each([
    ['another ETK key', [entry('9999', 'cd02')]],
    ['the alias with another certificate (another key)', [entry('4242', 'cd02')]],
    ['the certificate without its key', [entry('4242', 'ab01', false)]],
    ['no ETK at all', [entry('authentication', 'ff')]],
    ['nothing', []],
  ])('is a mismatch when the keystore holds %s', (_, entries) => {
    expect(etkKeystoreMatch(published, entries)).toBe('mismatch');
  });
});

describe('publishesRenewedEtk', () => {
  const holder = {
    identifierType: 'CBE',
    identifierValue: '0820563481',
    applicationId: null,
    environment: 'production',
  };
  const old = { ...holder, sha256Fingerprint: 'aa', notAfter: new Date('2026-01-01T00:00:00Z') };
  const renewed = { ...holder, sha256Fingerprint: 'bb', notAfter: new Date('2029-01-01T00:00:00Z') };
  const atPhase2: EtkRenewalCase = { state: 'phase2-completed', certificate: old, renewedCertificate: null };

  it('is the renewed certificate the inventory knows', () => {
    expect(
      publishesRenewedEtk({ ...atPhase2, renewedCertificate: { sha256Fingerprint: 'BB' } }, renewed),
    ).toBe(true);
    expect(
      publishesRenewedEtk({ ...atPhase2, renewedCertificate: { sha256Fingerprint: 'cc' } }, renewed),
    ).toBe(false);
  });

  it('is, before the inventory knows it, a later certificate of the same holder', () => {
    expect(publishesRenewedEtk(atPhase2, renewed)).toBe(true);
    expect(publishesRenewedEtk(atPhase2, { ...renewed, applicationId: 'MYCARENET' })).toBe(false);
    expect(publishesRenewedEtk(atPhase2, { ...renewed, environment: 'acceptance' })).toBe(false);
    expect(publishesRenewedEtk(atPhase2, { ...renewed, notAfter: old.notAfter })).toBe(false);
  });

  it('is never the old ETK, nor at another phase than 2', () => {
    expect(publishesRenewedEtk(atPhase2, old)).toBe(false);
    for (const state of ['phase1-sent', 'phase3-etk-activated', 'deployments-updated', 'abandoned'] as const)
      expect(publishesRenewedEtk({ ...atPhase2, state }, renewed)).toBe(false);
  });
});

describe('isEtkActivationOverdue', () => {
  it('counts Brussels calendar days from phase 2', () => {
    const since = new Date('2026-03-01T10:00:00Z');
    expect(isEtkActivationOverdue(since, new Date('2026-03-14T21:00:00Z'))).toBe(false);
    expect(isEtkActivationOverdue(since, new Date('2026-03-15T00:30:00Z'))).toBe(true);
  });

  it('agrees with its bound for SQL, to the millisecond', () => {
    const now = new Date('2026-03-15T09:00:00Z');
    const bound = etkActivationOverdueBound(now);
    expect(isEtkActivationOverdue(new Date(bound.getTime() - 1), now)).toBe(true);
    expect(isEtkActivationOverdue(bound, now)).toBe(false);
  });
});

describe('etkDiscoveryEnvironments', () => {
  it('asks where the organisation has certificates, production when it has none', () => {
    expect(etkDiscoveryEnvironments(['acceptance', 'unknown'])).toEqual(['acceptance']);
    expect(etkDiscoveryEnvironments(['acceptance', 'production', 'production'])).toEqual([
      'production',
      'acceptance',
    ]);
    expect(etkDiscoveryEnvironments([])).toEqual(['production']);
    expect(etkDiscoveryEnvironments(['unknown'])).toEqual(['production']);
  });
});
