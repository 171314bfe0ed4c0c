export type CertificateFileErrorCode =
  'WRONG_PASSWORD' | 'PASSWORD_REQUIRED' | 'UNREADABLE' | 'UNSUPPORTED_FORMAT';

/**
 * Why a file could not be read, with a message a person can act on. Messages never contain the
 * password or any key material: they are built from fixed text and public facts only.
 */
export class CertificateFileError extends Error {
  override readonly name = 'CertificateFileError';

  constructor(
    readonly code: CertificateFileErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function unreadable(what: string): CertificateFileError {
  return new CertificateFileError('UNREADABLE', `${what}: the file is damaged or truncated.`);
}
