// The eHealth keystores in this PC's keystore folder: listed from their file names, and inspected with
// their password (used for this one reading, never kept or logged) through libs/pki, in a worker thread.
import { constants } from 'node:fs';
import { access, readFile, readdir, realpath, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type {
  KeystoreCheckRequestDto,
  KeystoreContentsDto,
  KeystoreFileDto,
  KeystoreInspectionDto,
  KeystoreListDto,
} from '@certdesk/contracts';
import { checkKeystorePassword, describeCertificate, parseKeystoreFileName } from '@certdesk/domain';
import type { ReadCertificate, KeystoreSummary } from '@certdesk/pki';
import { CardBridgeError } from '../errors.js';
import { loadPki } from '../pki.js';
import { KEYSTORE_READ_TIMEOUT_MS, readKeystoreInThread } from './keystore-reader.js';

export const KEYSTORE_EXTENSIONS = /\.(p12|pfx|jks|jceks)$/i;
/** eHealth keystores are a few kilobytes; anything this large is not one. */
const MAX_KEYSTORE_BYTES = 5 * 1024 * 1024;

export class KeystoreFolder {
  readonly folder: string;

  constructor(
    folder: string,
    private readonly now: () => Date = () => new Date(),
    readonly hostName: string = hostname(),
    /** How long one keystore may take to read (keystore-reader.ts). */
    private readonly readTimeoutMs = KEYSTORE_READ_TIMEOUT_MS,
  ) {
    this.folder = resolve(folder);
  }

  async list(): Promise<KeystoreListDto> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { folder: this.folder, folderExists: false, keystores: [] };
      throw error;
    }
    const keystores: KeystoreFileDto[] = [];
    for (const name of names.filter((n) => KEYSTORE_EXTENSIONS.test(n)).sort()) {
      const file = await this.describeFile(name).catch(() => null);
      if (file) keystores.push(file);
    }
    return { folder: this.folder, folderExists: true, keystores };
  }

  async inspect(fileName: string, password: string): Promise<KeystoreInspectionDto> {
    const file = await this.describeFile(fileName).catch((error: unknown) => {
      if (error instanceof CardBridgeError) throw error;
      throw notFound(fileName);
    });
    const bytes = await readFile(file.path);
    const contents = describeContents(await this.open(bytes, password), this.now());
    const policy = checkKeystorePassword(password);
    return {
      file,
      hostName: this.hostName,
      ...contents,
      passwordPolicy: { compliant: policy.ok, failedRules: policy.failed },
    };
  }

  /**
   * The bytes of a keystore named by its file name in the folder, or by an absolute path anywhere on this PC (a
   * location the person picked or Certdesk recorded): a regular file with a keystore's extension, not too large.
   * KEYSTORE_NOT_FOUND when there is none; KEYSTORE_CORRUPT when it is too large to be one.
   */
  async readKeystoreFile(location: KeystoreCheckRequestDto): Promise<Uint8Array> {
    if ('fileName' in location) {
      const file = await this.describeFile(location.fileName).catch((error: unknown) => {
        if (error instanceof CardBridgeError) throw error;
        throw notFound(location.fileName);
      });
      return readFile(file.path);
    }
    const { path } = location;
    if (!isAbsolute(path) || !KEYSTORE_EXTENSIONS.test(path)) throw notFoundAt(path);
    const info = await stat(path).catch(() => {
      throw notFoundAt(path);
    });
    if (!info.isFile()) throw notFoundAt(path);
    if (info.size > MAX_KEYSTORE_BYTES) {
      throw new CardBridgeError('KEYSTORE_CORRUPT', `${path} is too large to be an eHealth keystore.`);
    }
    return readFile(path);
  }

  /**
   * Opens a PKCS#12 keystore with its password in a worker thread, within the time budget. Its failures become the
   * bridge's: KEYSTORE_WRONG_PASSWORD, KEYSTORE_CORRUPT (damaged, hostile, too slow), KEYSTORE_UNSUPPORTED (JKS).
   */
  async open(
    bytes: Uint8Array,
    password: string,
  ): Promise<{ certificates: ReadCertificate[]; keystore: KeystoreSummary }> {
    const { CertificateFileError, sniffFormat } = await loadPki();
    let result;
    try {
      result = await readKeystoreInThread(bytes, password, this.readTimeoutMs);
    } catch (error) {
      if (!(error instanceof CertificateFileError)) throw error;
      switch (error.code) {
        case 'WRONG_PASSWORD':
        case 'PASSWORD_REQUIRED':
          throw new CardBridgeError('KEYSTORE_WRONG_PASSWORD', 'The keystore password is wrong.');
        case 'UNSUPPORTED_FORMAT':
          if (sniffFormat(bytes) === 'jks') throw new CardBridgeError('KEYSTORE_UNSUPPORTED', error.message);
          throw new CardBridgeError('KEYSTORE_CORRUPT', error.message);
        default:
          throw new CardBridgeError('KEYSTORE_CORRUPT', error.message);
      }
    }
    if (result.format !== 'pkcs12' || !result.keystore) {
      throw new CardBridgeError(
        'KEYSTORE_UNSUPPORTED',
        'This file holds certificates but no keystore (it is not PKCS#12).',
      );
    }
    return { certificates: result.certificates, keystore: result.keystore };
  }

  /** A file directly in the keystore folder (no folders, no way out of it), as the listing shows it. */
  private async describeFile(fileName: string): Promise<KeystoreFileDto> {
    if (basename(fileName) !== fileName || !KEYSTORE_EXTENSIONS.test(fileName)) throw notFound(fileName);
    const path = join(this.folder, fileName);
    const real = await realpath(path).catch(() => {
      throw notFound(fileName);
    });
    if (dirname(real) !== (await realpath(this.folder))) throw notFound(fileName);
    const info = await stat(real);
    if (!info.isFile()) throw notFound(fileName);
    if (info.size > MAX_KEYSTORE_BYTES) {
      throw new CardBridgeError('KEYSTORE_CORRUPT', `${fileName} is too large to be an eHealth keystore.`);
    }
    const parsed = parseKeystoreFileName(fileName);
    const requestFile = join(this.folder, fileName.replace(KEYSTORE_EXTENSIONS, '.ehcsr'));
    return {
      fileName,
      path,
      sizeBytes: info.size,
      modifiedAt: info.mtime.toISOString(),
      identifierType: parsed?.identifierType ?? null,
      identifierValue: parsed?.identifierValue ?? null,
      applicationId: parsed?.applicationId ?? null,
      createdAt: parsed?.createdAt ?? null,
      requestFilePresent: await access(requestFile, constants.F_OK).then(
        () => true,
        () => false,
      ),
    };
  }
}

function notFound(fileName: string): CardBridgeError {
  return new CardBridgeError(
    'KEYSTORE_NOT_FOUND',
    `There is no keystore "${fileName}" in the keystore folder.`,
  );
}

function notFoundAt(path: string): CardBridgeError {
  return new CardBridgeError('KEYSTORE_NOT_FOUND', `There is no keystore file at ${path} on this PC.`);
}

function describeContents(
  { certificates, keystore }: { certificates: ReadCertificate[]; keystore: KeystoreSummary },
  now: Date,
): KeystoreContentsDto {
  const authentication = keystore.entries.find((entry) => entry.role === 'authentication') ?? null;
  return {
    certificates: certificates.map((facts) => describeCertificate(facts, { now })),
    entries: keystore.entries.map(({ alias, role, hasPrivateKey, certificateFingerprint }) => ({
      alias,
      role,
      hasPrivateKey,
      certificateFingerprint,
    })),
    authenticationEntryPresent: authentication !== null,
    requestCompleted: authentication?.certificateFingerprint != null,
    etkKeys: keystore.etkAliases,
    pendingKeys: keystore.pendingKeyAliases,
  };
}
