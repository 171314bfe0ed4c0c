// What a keystore holds, entry by entry, in the eHealth layout: the `authentication` key and chain,
// ETK keys under their certificate's serial in decimal, CA certificates, and keys still waiting for
// their certificate (a request that was sent but not completed).
import { createHash, createPublicKey } from 'node:crypto';
import { type ReadCertificate, serialDecimal } from './certificate.js';
import type { KeystoreCertificate, KeystoreKey, Pkcs12Contents } from './pkcs12/read.js';

export type KeystoreEntryRole = 'authentication' | 'etk' | 'ca' | 'other';

export interface KeystoreEntry {
  alias: string | null;
  role: KeystoreEntryRole;
  hasPrivateKey: boolean;
  /** The entry's certificate; null for a key whose certificate is not there yet (request not completed). */
  certificateFingerprint: string | null;
}

export interface KeystoreSummary {
  encryption: 'legacy' | 'modern' | 'mixed' | 'none';
  entries: KeystoreEntry[];
  authenticationAlias: string | null;
  etkAliases: string[];
  /**
   * Each ETK key's public half: SHA-256 (hex) of its SubjectPublicKeyInfo DER as OpenSSL encodes it (named curve,
   * uncompressed point), derived from the private key, so it is there even when the ETK certificate is not.
   * Null when node:crypto cannot read the key. Public: it identifies the ETK without revealing anything.
   */
  etkPublicKeys: { alias: string; publicKeyFingerprint: string | null }[];
  pendingKeyAliases: string[];
}

export const AUTHENTICATION_ALIAS = 'authentication';

export function summarizeKeystore(contents: Pkcs12Contents): {
  certificates: ReadCertificate[];
  keystore: KeystoreSummary;
} {
  const unique = uniqueCertificates(contents.certificates);
  const certificates = unique.map((entry) => ({ ...entry.parsed.certificate, alias: entry.friendlyName }));
  const entries: KeystoreEntry[] = [];
  const etkPublicKeys: KeystoreSummary['etkPublicKeys'] = [];
  const claimed = new Set<number>();
  const lookup = certificateLookup(unique);

  for (const key of contents.keys) {
    const index = matchingCertificate(key, unique, lookup);
    const certificate = index === -1 ? null : certificates[index]!;
    if (certificate) {
      claimed.add(index);
      certificate.hasPrivateKey = true;
      certificate.alias ??= key.friendlyName;
    }
    const role = keyRole(key.friendlyName, certificate);
    entries.push({
      alias: key.friendlyName,
      role,
      hasPrivateKey: true,
      certificateFingerprint: certificate?.sha256Fingerprint ?? null,
    });
    if (role === 'etk') {
      etkPublicKeys.push({
        alias: key.friendlyName!,
        publicKeyFingerprint: key.publicKeySpki
          ? createHash('sha256').update(key.publicKeySpki).digest('hex')
          : null,
      });
    }
  }
  // Certificates stored under an alias of their own (trusted entries, e.g. CA certificates under their
  // subject) are entries; alias-less ones are the chain material of a key entry.
  certificates.forEach((certificate, index) => {
    if (claimed.has(index) || certificate.alias === null) return;
    entries.push({
      alias: certificate.alias,
      role: certificate.isCa ? 'ca' : 'other',
      hasPrivateKey: false,
      certificateFingerprint: certificate.sha256Fingerprint,
    });
  });

  const keyEntries = entries.filter((entry) => entry.hasPrivateKey);
  return {
    certificates,
    keystore: {
      encryption: contents.encryption,
      entries,
      authenticationAlias: keyEntries.find((entry) => entry.role === 'authentication')?.alias ?? null,
      etkAliases: keyEntries.filter((entry) => entry.role === 'etk').map((entry) => entry.alias!),
      etkPublicKeys,
      pendingKeyAliases: keyEntries
        .filter((entry) => entry.certificateFingerprint === null)
        .map((entry) => entry.alias ?? '(no alias)'),
    },
  };
}

/** One per certificate (some writers store a CA twice: in a chain and as a trusted entry); keeps the alias. */
function uniqueCertificates(certificates: KeystoreCertificate[]): KeystoreCertificate[] {
  const byFingerprint = new Map<string, KeystoreCertificate>();
  for (const certificate of certificates) {
    const fingerprint = certificate.parsed.certificate.sha256Fingerprint;
    const seen = byFingerprint.get(fingerprint);
    if (!seen) byFingerprint.set(fingerprint, certificate);
    else if (seen.friendlyName === null && certificate.friendlyName !== null)
      byFingerprint.set(fingerprint, {
        ...certificate,
        localKeyId: seen.localKeyId ?? certificate.localKeyId,
      });
  }
  return [...byFingerprint.values()];
}

function keyRole(alias: string | null, certificate: ReadCertificate | null): KeystoreEntryRole {
  if (alias === AUTHENTICATION_ALIAS) return 'authentication';
  // ETK keys are stored under the ETK certificate's serial number in decimal.
  if (alias !== null && /^\d+$/.test(alias)) {
    if (!certificate || serialDecimal(certificate.serialNumber) === alias.replace(/^0+(?=\d)/, ''))
      return 'etk';
  }
  return 'other';
}

/** The first certificate with each public key and each localKeyId: a keystore's keys are matched in one pass. */
interface CertificateLookup {
  bySpki: Map<string, number>;
  byLocalKeyId: Map<string, number>;
}

function certificateLookup(certificates: KeystoreCertificate[]): CertificateLookup {
  const lookup: CertificateLookup = { bySpki: new Map(), byLocalKeyId: new Map() };
  certificates.forEach((certificate, index) => {
    const spki = bytesKey(certificate.parsed.subjectPublicKeyInfo);
    if (!lookup.bySpki.has(spki)) lookup.bySpki.set(spki, index);
    const { localKeyId } = certificate;
    if (localKeyId !== null && !lookup.byLocalKeyId.has(localKeyId))
      lookup.byLocalKeyId.set(localKeyId, index);
  });
  return lookup;
}

/**
 * By public key; then by localKeyId, which must not contradict the public key: a certificate whose
 * public key is encoded differently (a compressed EC point) still matches, one for another key does not.
 */
function matchingCertificate(
  key: KeystoreKey,
  certificates: KeystoreCertificate[],
  lookup: CertificateLookup,
): number {
  const spki = key.publicKeySpki;
  if (spki) {
    const index = lookup.bySpki.get(bytesKey(spki));
    if (index !== undefined) return index;
  }
  if (!key.localKeyId) return -1;
  const index = lookup.byLocalKeyId.get(key.localKeyId) ?? -1;
  if (index === -1 || !spki) return index;
  return bytesKey(normalizedSpki(certificates[index]!.parsed.subjectPublicKeyInfo)) === bytesKey(spki)
    ? index
    : -1;
}

function normalizedSpki(spki: Uint8Array): Uint8Array {
  try {
    return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }).export({
      format: 'der',
      type: 'spki',
    });
  } catch {
    return spki;
  }
}

/** Public keys compared as map keys (public data: no need for a constant-time comparison). */
function bytesKey(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
