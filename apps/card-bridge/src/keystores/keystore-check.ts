// "Check that I can still open this keystore": the password is asked of the person at this PC (never taken over HTTP),
// used once to open the keystore in a worker thread, and forgotten. The answer says only whether it opened, when, and
// public fingerprints (KeystoreCheckResultDto), so it can be recorded by the api as a custody attestation.
import type {
  KeystoreCheckFailure,
  KeystoreCheckRequestDto,
  KeystoreCheckResultDto,
} from '@certdesk/contracts';
import type { KeystoreSummary, ReadCertificate } from '@certdesk/pki';
import type { PinEntry } from '../card/pin-entry.js';
import { CardBridgeError } from '../errors.js';
import type { KeystoreFolder } from './keystore-folder.js';

/** The bridge's failures that are an answer (the attempt is recorded), not an error. */
const FAILURES: Partial<Record<CardBridgeError['code'], KeystoreCheckFailure>> = {
  KEYSTORE_NOT_FOUND: 'keystore-not-found',
  KEYSTORE_WRONG_PASSWORD: 'wrong-password',
  KEYSTORE_CORRUPT: 'unreadable',
  KEYSTORE_UNSUPPORTED: 'unreadable',
};

export interface KeystoreCheckOptions {
  folder: KeystoreFolder;
  passwordEntry: PinEntry;
  /** Runs the password prompt in turn with the card's PIN prompts: one question on the terminal at a time. */
  oneAtATime: <T>(ask: () => Promise<T>) => Promise<T>;
  now: () => Date;
}

export async function checkKeystore(
  location: KeystoreCheckRequestDto,
  { folder, passwordEntry, oneAtATime, now }: KeystoreCheckOptions,
): Promise<KeystoreCheckResultDto> {
  const checkedAt = now().toISOString();
  const failed = (failure: KeystoreCheckFailure): KeystoreCheckResultDto => ({
    outcome: 'failed',
    checkedAt,
    keystoreCertificateFingerprints: [],
    etkPublicKeyFingerprint: null,
    failure,
  });
  try {
    const bytes = await folder.readKeystoreFile(location).catch((error: unknown) => {
      if (error instanceof CardBridgeError) throw error;
      // Present but not readable by this user (permissions, a folder's lock): the password cannot help.
      throw new CardBridgeError('KEYSTORE_CORRUPT', 'The keystore file cannot be read.');
    });
    const name = 'fileName' in location ? location.fileName : location.path;
    const password = await oneAtATime(() =>
      passwordEntry.askPin({
        keyLabel: name,
        purpose: `Certdesk asks you to check that you can still open the keystore ${name}: type its password. It is used on this PC only, and never sent.`,
        secret: 'keystore-password',
      }),
    );
    const opened = await folder.open(bytes, password);
    return {
      outcome: 'opened',
      checkedAt,
      keystoreCertificateFingerprints: opened.certificates.map(
        (certificate) => certificate.sha256Fingerprint,
      ),
      etkPublicKeyFingerprint: newestEtkPublicKey(opened),
    };
  } catch (error) {
    const failure = error instanceof CardBridgeError ? FAILURES[error.code] : undefined;
    if (failure) return failed(failure);
    throw error;
  }
}

/**
 * The ETK in use: during a renewal (between completing it and activating the new ETK) a keystore holds two, and the
 * newest certificate's is the one that will be used. A key whose certificate is not in the keystore comes last.
 */
function newestEtkPublicKey({
  certificates,
  keystore,
}: {
  certificates: ReadCertificate[];
  keystore: KeystoreSummary;
}): string | null {
  const notBeforeOf = (alias: string): number => {
    const fingerprint = keystore.entries.find(
      (entry) => entry.role === 'etk' && entry.alias === alias,
    )?.certificateFingerprint;
    const certificate = certificates.find((c) => c.sha256Fingerprint === fingerprint);
    return certificate ? certificate.notBefore.getTime() : Number.NEGATIVE_INFINITY;
  };
  const candidates = keystore.etkPublicKeys
    .filter((etk) => etk.publicKeyFingerprint !== null)
    .map((etk) => ({ fingerprint: etk.publicKeyFingerprint!, notBefore: notBeforeOf(etk.alias) }))
    .sort((a, b) => b.notBefore - a.notBefore);
  return candidates[0]?.fingerprint ?? null;
}
