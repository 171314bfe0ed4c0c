// The request bodies the bridge accepts, checked before anything touches the card or a file. Unknown
// fields are refused: in particular nothing may smuggle a PIN in, the bridge never takes one over HTTP.
import { z } from 'zod';
import {
  type AuthenticateRequestDto,
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

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys' && issue.keys.some((key) => /pin/i.test(key))) {
    throw new CardBridgeError(
      'BAD_REQUEST',
      'The bridge never takes a PIN over HTTP: the card holder types it on this PC.',
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
export const parseReportRequest = (body: unknown): KeystoreReportRequestDto => parse(reportRequest, body);
