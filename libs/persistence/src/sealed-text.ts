// Secrets the services must read back but a copy of the database alone must not reveal (webhook signing secrets,
// the installation's evidence signing key): AES-256-GCM with a key derived from configuration, never stored in the
// database. The associated data binds a ciphertext to its row, so one copied onto another row does not open.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/** A 32-byte sealing key derived (HKDF-SHA-256) from a configured secret, with its own label per use. */
export function sealingKey(base: string, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', base, '', label, 32));
}

/** `v1.<iv>.<tag>.<ciphertext>`, each base64. */
export function sealText(key: Buffer, associatedData: string, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return [
    VERSION,
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    body.toString('base64'),
  ].join('.');
}

/** Throws when the key is not the one that sealed it, or the text was changed or moved to another row. */
export function openSealedText(key: Buffer, associatedData: string, sealed: string, what: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error(`not a sealed ${what}`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}
