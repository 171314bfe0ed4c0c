// The evidence pack (docs/evidence.md): one zip holding evidence.json, report.pdf and signature.json. signature.json
// carries a statement (the SHA-256 and size of the other two files, the signing key's fingerprint) and the
// installation's Ed25519 signature over the statement's exact bytes, so changing either file, or cutting the PDF
// short, breaks verification. Both sides live here so the api's seal and the CLI's check cannot drift apart.
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';

export const EVIDENCE_PACK_FORMAT = 'certdesk-evidence-pack/1';
export const EVIDENCE_JSON = 'evidence.json';
export const EVIDENCE_PDF = 'report.pdf';
export const EVIDENCE_SIGNATURE = 'signature.json';
const PACK_FILES = [EVIDENCE_JSON, EVIDENCE_PDF, EVIDENCE_SIGNATURE];

/** Largest entry a verifier unpacks: a real pack is far smaller, and a zip bomb stops here. */
const MAX_ENTRY_BYTES = 512 * 1024 * 1024;

export interface EvidenceFileDigest {
  sha256: string;
  bytes: number;
}

/** What the signature covers, as signature.json's `statement` holds it (a JSON text, signed byte for byte). */
export interface EvidenceStatement {
  format: typeof EVIDENCE_PACK_FORMAT;
  packId: string;
  /** 'certificate' or 'organisation', and its id. */
  scope: { kind: 'certificate' | 'organisation'; id: string };
  generatedAt: string;
  algorithm: 'Ed25519';
  keyFingerprint: string;
  files: { [EVIDENCE_JSON]: EvidenceFileDigest; [EVIDENCE_PDF]: EvidenceFileDigest };
}

interface SignatureFile {
  statement: string;
  signature: string;
  /** The signing key (SPKI PEM), for convenience only: a verifier pins the key or its fingerprint. */
  publicKey: string;
}

export type EvidenceVerificationFailure =
  'NOT_A_PACK' | 'WRONG_KEY' | 'BAD_SIGNATURE' | 'JSON_CHANGED' | 'PDF_CHANGED' | 'PDF_TRUNCATED';

export class EvidencePackError extends Error {
  override readonly name = 'EvidencePackError';

  constructor(
    readonly code: EvidenceVerificationFailure,
    message: string,
  ) {
    super(message);
  }
}

/** SHA-256 (hex, lower case) of the key's SubjectPublicKeyInfo DER: what GET /installation/evidence-key shows. */
export function publicKeyFingerprint(key: KeyObject | string): string {
  const publicKey = typeof key === 'string' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** A fingerprint as people paste it (colons, spaces, upper case) in the form publicKeyFingerprint writes. */
export function normaliseFingerprint(text: string): string {
  return text.replace(/[\s:]/g, '').toLowerCase();
}

const digest = (bytes: Uint8Array): EvidenceFileDigest => ({
  sha256: createHash('sha256').update(bytes).digest('hex'),
  bytes: bytes.length,
});

export interface SealEvidenceInput {
  packId: string;
  scope: EvidenceStatement['scope'];
  generatedAt: Date;
  json: Uint8Array;
  pdf: Uint8Array;
  /** The installation's Ed25519 private key. */
  privateKey: KeyObject;
}

/** The pack's bytes: the two documents and the signature over their digests. */
export function sealEvidencePack(input: SealEvidenceInput): Uint8Array {
  const publicKey = createPublicKey(input.privateKey);
  const statement: EvidenceStatement = {
    format: EVIDENCE_PACK_FORMAT,
    packId: input.packId,
    scope: input.scope,
    generatedAt: input.generatedAt.toISOString(),
    algorithm: 'Ed25519',
    keyFingerprint: publicKeyFingerprint(publicKey),
    files: { [EVIDENCE_JSON]: digest(input.json), [EVIDENCE_PDF]: digest(input.pdf) },
  };
  const statementText = JSON.stringify(statement);
  const signatureFile: SignatureFile = {
    statement: statementText,
    signature: sign(null, Buffer.from(statementText, 'utf8'), input.privateKey).toString('base64'),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  // The PDF is stored as it is (already compressed inside); the JSON compresses well.
  return zipSync({
    [EVIDENCE_JSON]: [input.json, { level: 6 }],
    [EVIDENCE_PDF]: [input.pdf, { level: 0 }],
    [EVIDENCE_SIGNATURE]: [strToU8(JSON.stringify(signatureFile, null, 2)), { level: 6 }],
  });
}

export interface VerifyEvidenceOptions {
  /** The key the pack must be signed with (SPKI PEM), or */
  publicKey?: string;
  /** its fingerprint (hex; colons and spaces are ignored). */
  fingerprint?: string;
}

export interface VerifiedEvidencePack {
  statement: EvidenceStatement;
  /** Whether the signer's key was checked against one the caller gave, or only read from the pack itself. */
  keyPinned: boolean;
  json: Uint8Array;
  pdf: Uint8Array;
}

/**
 * Checks a pack offline. Throws EvidencePackError naming the first thing that does not hold: not a pack, signed by
 * another key than the pinned one, a signature that does not match its statement, or a document that is not the one
 * signed (the PDF cut short is told apart from a PDF changed).
 */
export function verifyEvidencePack(
  bytes: Uint8Array,
  options: VerifyEvidenceOptions = {},
): VerifiedEvidencePack {
  const entries = unzipPack(bytes);
  const signatureFile = readSignatureFile(entries[EVIDENCE_SIGNATURE]!);

  let embeddedKey: KeyObject;
  try {
    embeddedKey = createPublicKey(signatureFile.publicKey);
  } catch {
    throw notAPack('signature.json does not hold a readable public key');
  }
  let signer = embeddedKey;
  if (options.publicKey !== undefined) {
    let pinned: KeyObject;
    try {
      pinned = createPublicKey(options.publicKey);
    } catch {
      throw new EvidencePackError(
        'WRONG_KEY',
        'the key given to check against is not a readable public key (PEM)',
      );
    }
    if (publicKeyFingerprint(pinned) !== publicKeyFingerprint(embeddedKey))
      throw wrongKey(publicKeyFingerprint(embeddedKey), publicKeyFingerprint(pinned));
    signer = pinned;
  }
  if (options.fingerprint !== undefined) {
    const expected = normaliseFingerprint(options.fingerprint);
    if (publicKeyFingerprint(embeddedKey) !== expected)
      throw wrongKey(publicKeyFingerprint(embeddedKey), expected);
  }
  if (signer.asymmetricKeyType !== 'ed25519')
    throw new EvidencePackError('BAD_SIGNATURE', 'the pack is signed with a key that is not Ed25519');

  const signatureOk = verify(
    null,
    Buffer.from(signatureFile.statement, 'utf8'),
    signer,
    Buffer.from(signatureFile.signature, 'base64'),
  );
  if (!signatureOk)
    throw new EvidencePackError(
      'BAD_SIGNATURE',
      'the signature does not match the signed statement in signature.json: it was changed after signing, or signed by another key',
    );
  const statement = readStatement(signatureFile.statement);
  if (statement.keyFingerprint !== publicKeyFingerprint(signer))
    throw new EvidencePackError(
      'BAD_SIGNATURE',
      'the statement names another key than the one that signed it',
    );

  const json = entries[EVIDENCE_JSON]!;
  const pdf = entries[EVIDENCE_PDF]!;
  if (!sameDigest(digest(json), statement.files[EVIDENCE_JSON]))
    throw new EvidencePackError(
      'JSON_CHANGED',
      'evidence.json is not the one that was signed: it was changed after the pack was made',
    );
  const pdfSigned = statement.files[EVIDENCE_PDF];
  if (!sameDigest(digest(pdf), pdfSigned)) {
    if (pdf.length < pdfSigned.bytes)
      throw new EvidencePackError(
        'PDF_TRUNCATED',
        `report.pdf is cut short: ${pdf.length} of the ${pdfSigned.bytes} bytes that were signed`,
      );
    throw new EvidencePackError(
      'PDF_CHANGED',
      'report.pdf is not the one that was signed: it was changed after the pack was made',
    );
  }
  return {
    statement,
    keyPinned: options.publicKey !== undefined || options.fingerprint !== undefined,
    json,
    pdf,
  };
}

function unzipPack(bytes: Uint8Array): Unzipped {
  let entries: Unzipped;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        if (file.originalSize > MAX_ENTRY_BYTES)
          throw notAPack(`${file.name} is larger than any evidence pack`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof EvidencePackError) throw error;
    throw notAPack('it is not a zip file, or it is cut short or damaged');
  }
  const names = Object.keys(entries);
  const missing = PACK_FILES.filter((name) => !(name in entries));
  if (missing.length > 0) throw notAPack(`it does not hold ${missing.join(', ')}`);
  const extra = names.filter((name) => !PACK_FILES.includes(name));
  if (extra.length > 0) throw notAPack(`it holds files no pack has: ${extra.slice(0, 5).join(', ')}`);
  return entries;
}

function readSignatureFile(bytes: Uint8Array): SignatureFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(strFromU8(bytes));
  } catch {
    throw notAPack('signature.json is not JSON');
  }
  const file = parsed as Partial<SignatureFile> | null;
  if (
    typeof file !== 'object' ||
    file === null ||
    typeof file.statement !== 'string' ||
    typeof file.signature !== 'string' ||
    typeof file.publicKey !== 'string'
  )
    throw notAPack('signature.json lacks its statement, signature or public key');
  return file as SignatureFile;
}

function readStatement(text: string): EvidenceStatement {
  const statement = JSON.parse(text) as Partial<EvidenceStatement>;
  if (statement.format !== EVIDENCE_PACK_FORMAT)
    throw notAPack(`its format is ${JSON.stringify(statement.format)}, not ${EVIDENCE_PACK_FORMAT}`);
  const files = statement.files;
  if (!files?.[EVIDENCE_JSON] || !files[EVIDENCE_PDF]) throw notAPack('its statement names no file digests');
  return statement as EvidenceStatement;
}

const sameDigest = (a: EvidenceFileDigest, b: EvidenceFileDigest): boolean =>
  a.bytes === b.bytes && a.sha256 === b.sha256;

const notAPack = (why: string) => new EvidencePackError('NOT_A_PACK', `not a Certdesk evidence pack: ${why}`);

const wrongKey = (actual: string, expected: string) =>
  new EvidencePackError(
    'WRONG_KEY',
    `signed by another key: the pack's key has fingerprint ${actual}, not the expected ${expected}`,
  );
