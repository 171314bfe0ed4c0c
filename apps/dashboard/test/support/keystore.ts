import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { withMod97CheckDigits } from '@certdesk/domain';

const run = promisify(execFile);

export interface TestKeystore {
  /** The .p12 file, named as the eHealth tools name keystores. */
  path: string;
  fileName: string;
  password: string;
  notBefore: Date;
  notAfter: Date;
}

/** A CBE enterprise number with valid check digits. */
export function cbeNumber(first8: string): string {
  return withMod97CheckDigits(first8);
}

/**
 * An organisation's eHealth keystore as the Java tools write it: the legacy PKCS#12 encryption (RC2-40 for the
 * certificates, 3DES for the key) with the authentication entry, made by the openssl tool (`npm test` installs
 * it). The certificate is issued by a CA named like the eHealth production issuer, valid `days` from now.
 */
export async function createLegacyKeystore(options: {
  cbe: string;
  name: string;
  days: number;
  password: string;
  directory: string;
}): Promise<TestKeystore> {
  const work = await mkdtemp(join(tmpdir(), 'certdesk-keystore-'));
  const openssl = (...args: string[]) => run('openssl', args, { cwd: work });
  try {
    await openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '3650',
      '-subj',
      '/C=BE/O=ZETES SA/serialNumber=001/CN=ZetesConfidens Private Trust PKI - eHealth issuing CA 001',
    );
    const id = `CBE=${options.cbe}`;
    await openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'leaf.key',
      '-out',
      'leaf.csr',
      '-subj',
      `/C=BE/O=Federal Government/OU=${id}/OU=${options.name}/OU=eHealth-platform Belgium/CN=${id}`,
    );
    await writeFile(
      join(work, 'leaf.ext'),
      'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n',
    );
    await openssl(
      'x509',
      '-req',
      '-in',
      'leaf.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      String(options.days),
      '-extfile',
      'leaf.ext',
      '-out',
      'leaf.pem',
    );
    const fileName = `${id} 20240101-120000.p12`;
    const path = join(options.directory, fileName);
    await openssl(
      'pkcs12',
      '-export',
      '-legacy',
      '-certpbe',
      'PBE-SHA1-RC2-40',
      '-keypbe',
      'PBE-SHA1-3DES',
      '-inkey',
      'leaf.key',
      '-in',
      'leaf.pem',
      '-certfile',
      'ca.pem',
      '-name',
      'authentication',
      '-passout',
      `pass:${options.password}`,
      '-out',
      path,
    );
    const certificate = new X509Certificate(await readFile(join(work, 'leaf.pem')));
    return {
      path,
      fileName,
      password: options.password,
      notBefore: new Date(certificate.validFrom),
      notAfter: new Date(certificate.validTo),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
