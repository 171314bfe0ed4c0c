// Where the custodian's keystore is, as the card-bridge on their PC is asked to open it.
import type { KeystoreCheckRequestDto } from '@certdesk/contracts';
import type { CertificateDetail } from '../api/types.js';

/** An absolute path on the custodian's PC (Linux/macOS, Windows drive or share); anything else is a file name. */
const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

const KEYSTORE_FILE = /\.(p12|pfx)$/i;

export function locationOf(text: string): KeystoreCheckRequestDto {
  return ABSOLUTE_PATH.test(text) ? { path: text } : { fileName: text };
}

/** A full path the card-bridge refuses as a bad request: it opens a .p12/.pfx file, never a folder. */
export function namesNoKeystoreFile(location: KeystoreCheckRequestDto): boolean {
  return 'path' in location && !KEYSTORE_FILE.test(location.path);
}

/**
 * The keystore file Certdesk recorded, as the bridge opens it: the api keeps the folder and the file name apart (a
 * full path is stored cut to its folder), so the folder alone would name a directory, not the keystore.
 */
export function recordedKeystoreFile(
  keystore: Pick<NonNullable<CertificateDetail['keystore']>, 'fileName' | 'path'> | null,
): string {
  if (!keystore) return '';
  const folder = keystore.path?.trim() ?? '';
  if (!folder) return keystore.fileName;
  // The folder's own separator: a Windows folder (C:\… or \\share) has backslashes and no slash.
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return `${folder.replace(/[\\/]+$/, '')}${separator}${keystore.fileName}`;
}
