import type { ReadCertificate } from './certificate.js';
import type { ReadResult } from './read-certificate-file.js';

/**
 * A ReadResult received from a worker thread, with its dates rebuilt in this realm: a message's Dates are made in
 * Node's main realm, and code running in another one (Jest's test context) would not see them as `instanceof Date`.
 * Every date of the result is rebuilt, the ETK's certificates' included.
 */
export function readResultInThisRealm(read: ReadResult): ReadResult {
  const local = <T extends ReadCertificate>(certificate: T): T => ({
    ...certificate,
    notBefore: new Date(certificate.notBefore.getTime()),
    notAfter: new Date(certificate.notAfter.getTime()),
  });
  return {
    ...read,
    certificates: read.certificates.map(local),
    etk: read.etk && {
      ...read.etk,
      encryption: local(read.etk.encryption),
      authentication: local(read.etk.authentication),
      signer: read.etk.signer && local(read.etk.signer),
      chain: read.etk.chain.map(local),
    },
  };
}
