import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type CertificateDescription, describeCertificate } from '@certdesk/domain';
import { CertificateFileError, type CertificateFileErrorCode, readCertificateFile } from '@certdesk/pki';
import { type CliIo, UsageError } from '../io.js';
import { formatTable } from '../table.js';
import {
  type EtkCertificateDescription,
  type EtkReport,
  describeEtk,
  etkNotes,
  etkReport,
} from '../etk-description.js';

export const INSPECT_USAGE = `certdesk inspect FILE... [--password-env VAR | --password-file PATH] [--now ISO-8601] [--json]
  Reads certificates, keystores (PEM, DER, PKCS#12) and ETKs (eHealth encryption tokens: CMS, BER or DER, also in
  base64 or PEM) and shows each certificate: identifier, application ID, holder, environment, validity, status and
  days left; an ETK's two certificates with their role (encryption, authentication) and what is wrong with it. The keystore password comes from an environment variable
  or a file, never from the command line. --now shows the status at another instant.
  Exit 0 when every file was read; 2 when a file needs a (different) password; 3 for any other unreadable file.`;

type FileReport =
  | { file: string; format: 'pem' | 'der' | 'pkcs12'; certificates: CertificateDescription[] }
  | { file: string; format: 'etk'; certificates: EtkCertificateDescription[]; etk: EtkReport }
  | { file: string; error: { code: CertificateFileErrorCode; message: string } };

const PASSWORD_ERRORS: CertificateFileErrorCode[] = ['WRONG_PASSWORD', 'PASSWORD_REQUIRED'];

async function passwordFrom(
  values: { 'password-env'?: string; 'password-file'?: string },
  io: CliIo,
): Promise<string | undefined> {
  if (values['password-env'] !== undefined && values['password-file'] !== undefined) {
    throw new UsageError('give the password by --password-env or by --password-file, not both');
  }
  if (values['password-env'] !== undefined) {
    const password = io.env[values['password-env']];
    if (password === undefined)
      throw new UsageError(`the environment variable ${values['password-env']} is not set`);
    return password;
  }
  if (values['password-file'] !== undefined) {
    try {
      // One trailing line break is how files end, not part of the password.
      return (await readFile(values['password-file'], 'utf8')).replace(/\r?\n$/, '');
    } catch (error) {
      throw new UsageError(`cannot read the password file: ${(error as Error).message}`);
    }
  }
  return undefined;
}

async function inspectFile(file: string, password: string | undefined, now: Date): Promise<FileReport> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return {
      file,
      error: {
        code: 'UNREADABLE',
        message: `cannot open the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      },
    };
  }
  try {
    const result = await readCertificateFile(bytes, password === undefined ? {} : { password });
    if (result.format === 'etk' && result.etk) {
      const { encryption, authentication } = describeEtk(result.etk, now);
      return { file, format: 'etk', certificates: [encryption, authentication], etk: etkReport(result.etk) };
    }
    return {
      file,
      format: result.format as 'pem' | 'der' | 'pkcs12',
      certificates: result.certificates.map((c) => describeCertificate(c, { now })),
    };
  } catch (error) {
    if (error instanceof CertificateFileError)
      return { file, error: { code: error.code, message: error.message } };
    throw error;
  }
}

function printText(reports: FileReport[], io: CliIo): void {
  for (const report of reports) {
    if ('error' in report) {
      io.stdout.write(`${report.file}: ${report.error.code}: ${report.error.message}\n\n`);
      continue;
    }
    io.stdout.write(
      `${report.file} (${report.format}, ${report.certificates.length} certificate${report.certificates.length === 1 ? '' : 's'})\n`,
    );
    if (report.certificates.length === 0) {
      io.stdout.write('  no certificate yet: a key whose request was not completed\n\n');
      continue;
    }
    const rows = report.certificates.map((c: CertificateDescription & { role?: string }) => [
      ...(report.format === 'etk' ? [c.role ?? ''] : []),
      c.ehealth
        ? `${c.ehealth.identifierType}=${c.ehealth.identifierValue}${c.ehealth.knownType ? '' : ' (unknown type)'}`
        : c.subject,
      c.ehealth?.applicationId ?? '',
      c.ehealth?.holderName ?? '',
      c.ehealth?.environment ?? '',
      c.notAfter.slice(0, 10),
      c.status,
      String(c.daysLeft),
      c.keyAlgorithm,
      c.hasPrivateKey ? 'yes' : 'no',
      c.alias ?? '',
    ]);
    io.stdout.write(
      formatTable(
        [
          ...(report.format === 'etk' ? ['ROLE'] : []),
          'IDENTIFIER',
          'APP ID',
          'HOLDER',
          'ENV',
          'NOT AFTER',
          'STATUS',
          'DAYS',
          'KEY',
          'PRIVATE KEY',
          'ALIAS',
        ],
        rows,
      ),
    );
    if (report.format === 'etk') io.stdout.write(etkNotes(report.etk));
    io.stdout.write('\n');
  }
}

export async function inspect(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean' },
      now: { type: 'string' },
      'password-env': { type: 'string' },
      'password-file': { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new UsageError('inspect needs at least one file');
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime()))
    throw new UsageError(`--now must be an ISO-8601 instant, got "${values.now}"`);
  const password = await passwordFrom(values, io);

  const reports: FileReport[] = [];
  for (const file of positionals) reports.push(await inspectFile(file, password, now));

  if (values.json) io.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  else printText(reports, io);

  const errors = reports.flatMap((r) => ('error' in r ? [r.error.code] : []));
  if (errors.length === 0) return 0;
  return errors.some((code) => PASSWORD_ERRORS.includes(code)) ? 2 : 3;
}
