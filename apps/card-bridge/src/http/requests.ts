// The request bodies the bridge accepts, checked before anything touches the card or a file. Unknown
// fields are refused: in particular nothing may smuggle a PIN in, the bridge never takes one over HTTP.
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import {
  type AuthenticateRequestDto,
  type CardCheckRequestDto,
  type KeystoreCheckRequestDto,
  EID_AUTHENTICATION_MIN_NONCE_BYTES,
  type KeystoreInspectRequestDto,
  type KeystoreReportRequestDto,
  type PairRequestDto,
  type SignDigestRequestDto,
} from '@certdesk/contracts';
import { CardBridgeError } from '../errors.js';
import { DIGEST_LENGTH } from '../card/digest.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;

const base64Bytes = (text: string) => Buffer.from(text, BASE64.test(text) ? 'base64' : 'base64url').length;

const pairRequest = z.strictObject({ code: z.string().min(1).max(32) });

const authenticateRequest = z.strictObject({
  nonce: z
    .string()
    .max(256)
    .refine((nonce) => BASE64.test(nonce) || BASE64URL.test(nonce), 'must be base64')
    .refine(
      (nonce) => base64Bytes(nonce) >= EID_AUTHENTICATION_MIN_NONCE_BYTES,
      `must hold at least ${EID_AUTHENTICATION_MIN_NONCE_BYTES} random bytes`,
    ),
});

const signRequest = z
  .strictObject({
    digestAlgorithm: z.enum(['SHA-256', 'SHA-384']),
    digest: z.string().max(128).regex(BASE64, 'must be base64'),
    description: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .refine((text) => !/\p{Cc}/u.test(text), 'must be one line of printable text'),
  })
  .refine(
    (request) => Buffer.from(request.digest, 'base64').length === DIGEST_LENGTH[request.digestAlgorithm],
    {
      message: 'has the wrong length for its digest algorithm',
      path: ['digest'],
    },
  );

const fileName = z
  .string()
  .min(1)
  .max(255)
  .refine(
    (name) => !/[/\\\0]/.test(name) && name !== '.' && name !== '..',
    'must be a file name, not a path',
  );

const inspectRequest = z.strictObject({ fileName, password: z.string().max(1024) });
const reportRequest = z.strictObject({
  fileName,
  password: z.string().max(1024),
  apiToken: z.string().min(1).max(4096),
});

const keystorePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((path) => !/\p{Cc}/u.test(path), 'must be a path without control characters')
  .refine((path) => isAbsolute(path), 'must be an absolute path on this PC')
  .refine((path) => KEYSTORE_FILE.test(path), 'must name a keystore file (.p12 or .pfx)');

const KEYSTORE_FILE = /\.(p12|pfx)$/i;

const keystoreCheckRequest = z.union([z.strictObject({ fileName }), z.strictObject({ path: keystorePath })]);

/** A day or an instant, ISO 8601, within the card's plausible lifetime. */
const isoDate = z
  .string()
  .max(40)
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/,
    'must be an ISO 8601 date',
  )
  .refine(isRealDay, 'must be a real date');

/** Date.parse rolls 2027-02-30 over to March: the day itself must exist. */
function isRealDay(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && !Number.isNaN(Date.parse(text));
}

const cardCheckRequest = z.strictObject({ mustStayValidUntil: isoDate.optional() });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = firstIssue(result.error.issues);
  const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  if (unknownKeys.some((key) => /pin/i.test(key))) {
    throw new CardBridgeError(
      'BAD_REQUEST',
      'The bridge never takes a PIN over HTTP: the card holder types it on this PC.',
    );
  }
  if (unknownKeys.some((key) => /pass/i.test(key))) {
    throw new CardBridgeError(
      'BAD_REQUEST',
      'The bridge never takes a keystore password over HTTP: the person at this PC types it there.',
    );
  }
  const field = issue.path.join('.');
  throw new CardBridgeError(
    'BAD_REQUEST',
    field ? `${field} ${issue.message}` : issue.message,
    field ? { field } : undefined,
  );
}

export const parsePairRequest = (body: unknown): PairRequestDto => parse(pairRequest, body);
export const parseAuthenticateRequest = (body: unknown): AuthenticateRequestDto =>
  parse(authenticateRequest, body);
export const parseSignRequest = (body: unknown): SignDigestRequestDto => parse(signRequest, body);
export const parseInspectRequest = (body: unknown): KeystoreInspectRequestDto => parse(inspectRequest, body);
export const parseKeystoreCheckRequest = (body: unknown): KeystoreCheckRequestDto =>
  parse(keystoreCheckRequest, body);
export const parseCardCheckRequest = (body: unknown): CardCheckRequestDto => parse(cardCheckRequest, body);
export const parseReportRequest = (body: unknown): KeystoreReportRequestDto => parse(reportRequest, body);

/** A union's own issue hides its branches' ones: the branch that got furthest says what is wrong. */
function firstIssue(issues: z.core.$ZodIssue[]): z.core.$ZodIssue {
  const issue = issues[0]!;
  if (issue.code !== 'invalid_union') return issue;
  const branches = issue.errors.filter((branch) => branch.length > 0);
  const closest =
    branches.find((branch) => branch.every((i) => i.code !== 'unrecognized_keys')) ?? branches[0];
  return closest ? firstIssue(closest) : issue;
}
