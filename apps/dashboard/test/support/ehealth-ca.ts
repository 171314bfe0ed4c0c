import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** An eHealth certificate as its holder keeps it: PEM, key, and (on demand) the keystore the Java tools write. */
export interface IssuedCertificate {
  /** `TYPE=value`, as the subject names it. */
  identifier: string;
  applicationId: string | null;
  pem: string;
  keyPath: string;
  certificatePath: string;
  notBefore: Date;
  notAfter: Date;
}

const OPENSSL_CONFIG = `[ ca ]
default_ca = test_ca
[ test_ca ]
dir = .
database = index.txt
new_certs_dir = issued
serial = serial
default_md = sha256
policy = any_name
unique_subject = no
email_in_dn = no
copy_extensions = none
x509_extensions = leaf
[ any_name ]
countryName = optional
organizationName = optional
organizationalUnitName = optional
commonName = optional
[ leaf ]
basicConstraints = CA:FALSE
keyUsage = digitalSignature, keyEncipherment
`;

/** `YYYYMMDDHHMMSSZ`: how `openssl ca` takes a validity bound. */
function generalizedTime(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

/**
 * A CA named like eHealth's production issuer that signs eHealth-shaped certificates with any validity (past ones
 * included, which `openssl x509 -days` cannot make), with the openssl tool (`npm test` installs it).
 */
export class EhealthTestCa {
  private serial = 0;

  private constructor(
    readonly directory: string,
    readonly caPem: string,
  ) {}

  static async create(): Promise<EhealthTestCa> {
    const directory = await mkdtemp(join(tmpdir(), 'certdesk-ehealth-ca-'));
    await mkdir(join(directory, 'issued'));
    await writeFile(join(directory, 'ca.cnf'), OPENSSL_CONFIG);
    await writeFile(join(directory, 'index.txt'), '');
    await writeFile(join(directory, 'serial'), '1000\n');
    await run(
      'openssl',
      [
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
      ],
      { cwd: directory },
    );
    return new EhealthTestCa(directory, await readFile(join(directory, 'ca.pem'), 'utf8'));
  }

  /** An organisation's certificate, subject as the eHealth tools write it (DOMAIN.md). */
  async issue(options: {
    identifierType: string;
    identifierValue: string;
    holderName: string;
    applicationId?: string | null;
    notBefore: Date;
    notAfter: Date;
    /** Issued for that certificate's key rather than a new one: many certificates, quickly. */
    keyOf?: IssuedCertificate;
  }): Promise<IssuedCertificate> {
    const name = `leaf-${++this.serial}`;
    const identifier = `${options.identifierType}=${options.identifierValue}`;
    const applicationId = options.applicationId ?? null;
    const subject = [
      '/C=BE/O=Federal Government',
      applicationId ? `/OU=${applicationId}` : '',
      `/OU=${identifier}/OU=${options.holderName}/OU=eHealth-platform Belgium`,
      `/CN=${identifier}${applicationId ? `, ${applicationId}` : ''}`,
    ].join('');
    const openssl = (...args: string[]) => run('openssl', args, { cwd: this.directory });
    const keyPath = options.keyOf?.keyPath ?? join(this.directory, `${name}.key`);
    await openssl(
      'req',
      ...(options.keyOf ? ['-new', '-key', keyPath] : ['-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath]),
      '-out',
      `${name}.csr`,
      '-subj',
      subject,
    );
    await openssl(
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-cert',
      'ca.pem',
      '-keyfile',
      'ca.key',
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.pem`,
      '-notext',
      '-preserveDN',
      '-startdate',
      generalizedTime(options.notBefore),
      '-enddate',
      generalizedTime(options.notAfter),
    );
    const certificatePath = join(this.directory, `${name}.pem`);
    return {
      identifier,
      applicationId,
      pem: await readFile(certificatePath, 'utf8'),
      keyPath,
      certificatePath,
      notBefore: options.notBefore,
      notAfter: options.notAfter,
    };
  }

  /** Its keystore as the Java tools write it (legacy encryption, alias `authentication`, the CA beside it). */
  async keystore(certificate: IssuedCertificate, password: string, fileName: string): Promise<string> {
    const path = join(this.directory, fileName);
    await run(
      'openssl',
      [
        'pkcs12',
        '-export',
        '-legacy',
        '-certpbe',
        'PBE-SHA1-RC2-40',
        '-keypbe',
        'PBE-SHA1-3DES',
        '-inkey',
        certificate.keyPath,
        '-in',
        certificate.certificatePath,
        '-certfile',
        'ca.pem',
        '-name',
        'authentication',
        '-passout',
        `pass:${password}`,
        '-out',
        path,
      ],
      { cwd: this.directory },
    );
    return path;
  }

  /** Writes a file beside the others (for the browser's file chooser). */
  async file(name: string, content: string): Promise<string> {
    const path = join(this.directory, name);
    await writeFile(path, content);
    return path;
  }

  async remove(): Promise<void> {
    await rm(this.directory, { recursive: true, force: true });
  }
}
