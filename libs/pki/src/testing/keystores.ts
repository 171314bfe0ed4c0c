// Keystores for tests, in the layouts the eHealth tools and OpenSSL write.
import { formatDistinguishedName } from '@certdesk/domain';
import { parseCertificate, serialDecimal } from '../certificate.js';
import { AUTHENTICATION_ALIAS } from '../keystore.js';
import { type KeystoreEntryInput, writePkcs12 } from '../pkcs12/write.js';
import { newKeyPair } from './keys.js';
import type { TestCertificate } from './pki.js';

export type { KeystoreEntryInput } from '../pkcs12/write.js';

export interface BuildKeystoreOptions {
  password: string;
  /** legacy: RC2-40 certificates, 3DES keys, SHA-1 MAC (Java's eHealth tools); modern: AES-256-CBC, PBKDF2, SHA-256 MAC. */
  encryption: 'legacy' | 'modern';
  entries: KeystoreEntryInput[];
}

export async function buildKeystore(options: BuildKeystoreOptions): Promise<Uint8Array> {
  return writePkcs12(options);
}

export interface BuildEhealthKeystoreOptions {
  password: string;
  encryption: 'legacy' | 'modern';
  /** Absent: a key without its certificate, as after a request that was not completed. */
  authentication?: TestCertificate;
  etk?: TestCertificate[];
  caCertificates?: Uint8Array[];
  /** Of every key derivation (MAC and encryption); 2048 when absent. */
  iterations?: number;
}

/**
 * The layout the Java eHealth tools write: the authentication key and chain under `authentication`,
 * each ETK key under its certificate's serial in decimal, CA certificates under their subject.
 */
export async function buildEhealthKeystore(options: BuildEhealthKeystoreOptions): Promise<Uint8Array> {
  const entries: KeystoreEntryInput[] = [];
  if (options.authentication) {
    entries.push({
      alias: AUTHENTICATION_ALIAS,
      privateKeyPkcs8: options.authentication.privateKeyPkcs8,
      certificates: [options.authentication.der, ...options.authentication.chain],
    });
  } else {
    const pending = await newKeyPair('RSA-2048');
    entries.push({ alias: AUTHENTICATION_ALIAS, privateKeyPkcs8: pending.privateKeyPkcs8, certificates: [] });
  }
  for (const etk of options.etk ?? []) {
    entries.push({
      alias: serialDecimal(parseCertificate(etk.der).serialNumber),
      privateKeyPkcs8: etk.privateKeyPkcs8,
      certificates: [etk.der, ...etk.chain],
    });
  }
  for (const der of options.caCertificates ?? []) {
    entries.push({ alias: formatDistinguishedName(parseCertificate(der).subject), certificates: [der] });
  }
  return writePkcs12({
    password: options.password,
    encryption: options.encryption,
    entries,
    iterations: options.iterations,
  });
}
