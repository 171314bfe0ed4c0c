// What the eHealth ETK directory (the ETK Depot) tells about an organisation's certificates (docs/etk-directory.md):
// whether a keystore holds the published ETK's key, whether the published ETK is a renewal's new one, and how long
// a renewal may wait in phase 2 while the directory still publishes the old ETK.
import { brusselsEpochDay } from './brussels-date.js';
import { startOfBrusselsDay } from './status-thresholds.js';
import type { RenewalState } from './lifecycle/renewal.js';

/** Where a certificate of the inventory came from. */
export const CERTIFICATE_SOURCES = ['import', 'etk-depot', 'card-bridge'] as const;
export type CertificateSource = (typeof CERTIFICATE_SOURCES)[number];

/**
 * `matches`: a known keystore of the certificate holds the published ETK's key; `mismatch`: the keystore is known and
 * holds another ETK key (or none); `unknown`: no keystore of the certificate is known.
 */
export const ETK_KEYSTORE_MATCHES = ['matches', 'mismatch', 'unknown'] as const;
export type EtkKeystoreMatch = (typeof ETK_KEYSTORE_MATCHES)[number];

/** An entry of a keystore as Certdesk records it (never key material). */
export interface EtkKeystoreEntry {
  alias: string | null;
  hasPrivateKey: boolean;
  /** The SHA-256 of the entry's certificate; null for a key whose certificate is not there. */
  certificateFingerprint: string | null;
}

/** The published ETK's encryption certificate, as the keystore would hold it. */
export interface PublishedEncryptionCertificate {
  /** The keystore alias of its key: its serial number in decimal (DOMAIN.md). */
  alias: string;
  sha256Fingerprint: string;
}

/**
 * Whether the keystore holds the published ETK's key: an entry with a private key under the alias = the encryption
 * certificate's serial in decimal, whose certificate is the published one. A certificate's fingerprint covers its
 * public key, so "the same certificate" is "the same public key" for one issuer and serial. `keystoreEntries` null:
 * no keystore of the certificate is known.
 */
export function etkKeystoreMatch(
  published: PublishedEncryptionCertificate,
  keystoreEntries: readonly EtkKeystoreEntry[] | null,
): EtkKeystoreMatch {
  if (keystoreEntries === null) return 'unknown';
  const alias = decimalAlias(published.alias);
  const fingerprint = published.sha256Fingerprint.toLowerCase();
  const holds = keystoreEntries.some(
    (entry) =>
      entry.hasPrivateKey &&
      entry.alias !== null &&
      decimalAlias(entry.alias) === alias &&
      entry.certificateFingerprint?.toLowerCase() === fingerprint,
  );
  return holds ? 'matches' : 'mismatch';
}

/** Leading zeros do not change a decimal alias ("007" is 7), as the keystore reader reads them. */
function decimalAlias(alias: string): string {
  return alias.trim().replace(/^0+(?=\d)/, '');
}

/** What identifies the holder of a certificate: a renewal keeps all four. */
export interface EtkHolderIdentity {
  identifierType: string | null;
  identifierValue: string | null;
  applicationId: string | null;
  environment: string;
}

export interface EtkRenewalCase {
  state: RenewalState;
  /** The certificate renewed. */
  certificate: EtkHolderIdentity & { sha256Fingerprint: string; notAfter: Date };
  /** The renewed certificate, once the inventory knows it. */
  renewedCertificate: { sha256Fingerprint: string } | null;
}

/**
 * Whether the ETK the directory publishes is the renewal's new one, so that phase 3 ("activate the renewal ETK") is
 * done: the case is at phase 2, and the published authentication certificate is the renewed certificate, or, while
 * the inventory does not know that one yet, a later certificate of the same holder (identifier, application and
 * environment) than the one renewed.
 */
export function publishesRenewedEtk(
  renewal: EtkRenewalCase,
  published: EtkHolderIdentity & { sha256Fingerprint: string; notAfter: Date },
): boolean {
  if (renewal.state !== 'phase2-completed') return false;
  const fingerprint = published.sha256Fingerprint.toLowerCase();
  if (fingerprint === renewal.certificate.sha256Fingerprint.toLowerCase()) return false;
  if (renewal.renewedCertificate)
    return renewal.renewedCertificate.sha256Fingerprint.toLowerCase() === fingerprint;
  return (
    sameHolder(renewal.certificate, published) &&
    published.notAfter.getTime() > renewal.certificate.notAfter.getTime()
  );
}

function sameHolder(a: EtkHolderIdentity, b: EtkHolderIdentity): boolean {
  return (
    a.identifierType !== null &&
    a.identifierType === b.identifierType &&
    a.identifierValue === b.identifierValue &&
    (a.applicationId ?? null) === (b.applicationId ?? null) &&
    a.environment === b.environment
  );
}

/**
 * Days a renewal may stay at phase 2 while the directory still publishes the old certificate's ETK: the new keystore
 * is being deployed; past this, phase 3 has most likely been forgotten and messages are still encrypted for the old key.
 */
export const ETK_ACTIVATION_GRACE_DAYS = 14;

/** Whether a renewal at phase 2 since `phase2Since` has waited too long for its ETK to be activated. */
export function isEtkActivationOverdue(phase2Since: Date, now: Date): boolean {
  return brusselsEpochDay(now) - brusselsEpochDay(phase2Since) >= ETK_ACTIVATION_GRACE_DAYS;
}

/** isEtkActivationOverdue as a bound, for SQL: phase 2 recorded before this instant is overdue at `now`. */
export function etkActivationOverdueBound(now: Date): Date {
  return startOfBrusselsDay(brusselsEpochDay(now) - ETK_ACTIVATION_GRACE_DAYS + 1);
}

/**
 * The environments in which the directory is asked for an organisation: those of its certificates (production,
 * acceptance), production when it has none yet (an organisation just set up, whose certificates are to be found).
 */
export function etkDiscoveryEnvironments(
  certificateEnvironments: Iterable<string>,
): ('production' | 'acceptance')[] {
  const used = new Set(certificateEnvironments);
  const environments = (['production', 'acceptance'] as const).filter((environment) => used.has(environment));
  return environments.length > 0 ? environments : ['production'];
}
