// Every signature the card makes through the bridge, one JSON line each, in a file on this PC: when, for
// which origin, what was signed (description and digest) and with which certificate. Nothing secret, and
// the holder's SSIN masked.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CardCertificateDto, CardHolderDto, DigestAlgorithm } from '@certdesk/contracts';
import { maskSsin } from '@certdesk/domain';

export interface SignatureLogEntry {
  at: string;
  operation: 'authenticate' | 'sign';
  origin: string;
  description: string;
  digestAlgorithm: DigestAlgorithm;
  /** base64 */
  digest: string;
  certificate: { label: string; issuer: string; serialNumber: string; sha256Fingerprint: string };
  holder: { name: string; ssin: string };
}

export class SignatureLog {
  /** The folder was made: not asked again at every signature (made again only if it has gone). */
  private folderReady = false;

  constructor(readonly path: string) {}

  async append(
    entry: Omit<SignatureLogEntry, 'certificate' | 'holder'> & {
      certificate: CardCertificateDto;
      holder: CardHolderDto;
    },
  ): Promise<void> {
    const line: SignatureLogEntry = {
      ...entry,
      // The subject is left out: it carries the SSIN whole.
      certificate: {
        label: entry.certificate.label,
        issuer: entry.certificate.issuer,
        serialNumber: entry.certificate.serialNumber,
        sha256Fingerprint: entry.certificate.sha256Fingerprint,
      },
      holder: { name: entry.holder.name, ssin: maskSsin(entry.holder.ssin) },
    };
    const text = `${JSON.stringify(line)}\n`;
    // Written synchronously: one short line after each signature, which waited for a person's PIN. Through the
    // thread pool the line was three round trips (open, write, close), ~3 ms of a signature on a loaded machine.
    if (this.folderReady) {
      try {
        return appendFileSync(this.path, text, { encoding: 'utf8', mode: 0o600 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    this.folderReady = true;
    appendFileSync(this.path, text, { encoding: 'utf8', mode: 0o600 });
  }
}
