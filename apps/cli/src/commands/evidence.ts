import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EvidencePackError, verifyEvidencePack, type VerifiedEvidencePack } from '@certdesk/pki';
import { API_OPTIONS, apiTarget } from '../api.js';
import { type CliIo, UsageError } from '../io.js';

export const EVIDENCE_USAGE = `certdesk evidence verify FILE [--fingerprint HEX | --key PUBLIC_KEY.pem] [--json]
  Checks an evidence pack offline: its signature, that evidence.json and report.pdf are the files signed (a changed
  or cut-short file fails), and, with --fingerprint or --key, that it was signed by your Certdesk installation's key
  (GET /api/v1/installation/evidence-key shows both; pin one in your audit file). Without either, the pack is only
  checked against the key it carries, which anyone could have put there: a warning says so.
  Exit 0 when it holds; 1 when it was changed, cut short or signed by another key; 2 when FILE is not a pack or
  cannot be read.
certdesk evidence get (--certificate ID | --organisation ID) [--language en|fr|nl] [--out FILE] [--api URL] [--token-env VAR]
  Downloads a pack through the api (token as for \`audit verify\`), checks it against the installation key the api
  publishes, and writes it to FILE (default: the name the api gives). Exit 0 when written, 1 when the download does
  not verify, 2 when the api could not be asked.`;

const EXIT_INVALID = 1;
const EXIT_UNREADABLE = 2;

export async function evidence(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'verify') return verify(rest, io);
  if (sub === 'get') return get(rest, io);
  throw new UsageError('the evidence command is `evidence verify FILE` or `evidence get`');
}

async function verify(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { fingerprint: { type: 'string' }, key: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError('name one evidence pack file');
  if (values.fingerprint !== undefined && values.key !== undefined)
    throw new UsageError('give --fingerprint or --key, not both');
  if (values.fingerprint !== undefined && !/^[0-9a-f]{64}$/i.test(values.fingerprint.replace(/[\s:]/g, '')))
    throw new UsageError(
      "--fingerprint is the key's SHA-256 in hex (64 digits; colons and spaces are allowed)",
    );
  const file = positionals[0]!;

  let publicKey: string | undefined;
  if (values.key !== undefined) {
    try {
      publicKey = await readFile(values.key, 'utf8');
    } catch (error) {
      io.stderr.write(
        `certdesk evidence verify: cannot read the key ${values.key}: ${(error as Error).message}\n`,
      );
      return EXIT_UNREADABLE;
    }
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    io.stderr.write(`certdesk evidence verify: cannot read ${file}: ${(error as Error).message}\n`);
    return EXIT_UNREADABLE;
  }

  let verified: VerifiedEvidencePack;
  try {
    verified = verifyEvidencePack(bytes, { publicKey, fingerprint: values.fingerprint });
  } catch (error) {
    if (!(error instanceof EvidencePackError)) throw error;
    if (values.json)
      io.stdout.write(`${JSON.stringify({ valid: false, reason: error.code, message: error.message })}\n`);
    io.stderr.write(`INVALID  ${file}: ${error.message}\n`);
    return error.code === 'NOT_A_PACK' ? EXIT_UNREADABLE : EXIT_INVALID;
  }
  report(io, file, verified, values.json === true);
  return 0;
}

function report(io: CliIo, file: string, verified: VerifiedEvidencePack, json: boolean): void {
  const { statement, keyPinned } = verified;
  const summary = summarise(verified.json);
  if (json) {
    io.stdout.write(`${JSON.stringify({ valid: true, keyPinned, statement, summary })}\n`);
  } else {
    io.stdout.write(
      [
        `VALID    ${file}`,
        `  pack ${statement.packId}, ${statement.scope.kind} ${statement.scope.id}, made ${statement.generatedAt}`,
        summary
          ? `  ${summary.organisation}: ${summary.certificates} certificate(s), ${summary.auditEvents} audit event(s)`
          : null,
        `  evidence.json ${statement.files['evidence.json'].bytes} bytes, report.pdf ${statement.files['report.pdf'].bytes} bytes, as signed`,
        `  signed with Ed25519 key ${statement.keyFingerprint}`,
      ]
        .filter((line) => line !== null)
        .join('\n') + '\n',
    );
  }
  if (!keyPinned)
    io.stderr.write(
      'warning: the key was not pinned (--fingerprint or --key): this proves the files are unchanged since signing, ' +
        "not who signed them. Compare the fingerprint above with your installation's.\n",
    );
}

function summarise(
  json: Uint8Array,
): { organisation: string; certificates: number; auditEvents: number } | null {
  try {
    const document = JSON.parse(Buffer.from(json).toString('utf8')) as {
      organisation?: { name?: string };
      certificates?: unknown[];
      auditEvents?: unknown[];
    };
    return {
      organisation: document.organisation?.name ?? '?',
      certificates: document.certificates?.length ?? 0,
      auditEvents: document.auditEvents?.length ?? 0,
    };
  } catch {
    return null;
  }
}

async function get(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...API_OPTIONS,
      certificate: { type: 'string' },
      organisation: { type: 'string' },
      language: { type: 'string' },
      out: { type: 'string' },
    },
    allowPositionals: false,
  });
  if ((values.certificate === undefined) === (values.organisation === undefined) || positionals.length > 0)
    throw new UsageError('give --certificate ID or --organisation ID');
  const { api, token } = apiTarget(values, io);
  const path = values.certificate
    ? `certificates/${encodeURIComponent(values.certificate)}/evidence`
    : `organisations/${encodeURIComponent(values.organisation!)}/evidence`;
  const query = values.language ? `?language=${encodeURIComponent(values.language)}` : '';

  let bytes: Buffer;
  let fileName: string;
  let fingerprint: string;
  try {
    const key = await fetch(`${api}/api/v1/installation/evidence-key`);
    if (!key.ok) return apiFailed(io, key);
    fingerprint = ((await key.json()) as { fingerprint: string }).fingerprint;
    const response = await fetch(`${api}/api/v1/${path}${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) return apiFailed(io, response);
    bytes = Buffer.from(await response.arrayBuffer());
    fileName =
      /filename="([^"/\\]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'evidence.zip';
  } catch (error) {
    io.stderr.write(`certdesk evidence get: cannot reach ${api}: ${(error as Error).message}\n`);
    return EXIT_UNREADABLE;
  }
  const out = values.out ?? fileName;
  let verified: VerifiedEvidencePack;
  try {
    verified = verifyEvidencePack(bytes, { fingerprint });
  } catch (error) {
    if (!(error instanceof EvidencePackError)) throw error;
    io.stderr.write(`certdesk evidence get: the pack received does not verify: ${error.message}\n`);
    return EXIT_INVALID;
  }
  await writeFile(out, bytes);
  report(io, out, verified, false);
  return 0;
}

async function apiFailed(io: CliIo, response: Response): Promise<number> {
  const body = (await response.json().catch(() => null)) as { message?: string } | null;
  io.stderr.write(
    `certdesk evidence get: the api answered ${response.status}: ${body?.message ?? response.statusText}\n`,
  );
  return EXIT_UNREADABLE;
}
