// The request bodies the bridge accepts, checked before anything touches the card or a file. Unknown
// fields are refused: in particular nothing may smuggle a PIN in, the bridge never takes one over HTTP.
// Checked by hand rather than with zod, whose Unicode regular expressions were ~14 MB of the bridge's resident memory
// and half of its start (issue 12). The refusals and their messages are zod's, which the bridge answered before
// (requests.spec.ts): a field's first failed check in the order written, then unknown fields, then the checks across
// fields.
import { isAbsolute } from 'node:path';
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
/** \p{Cc}: C0, DEL and C1 (written out: a Unicode property escape would load ICU's property data). */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

const base64Bytes = (text: string) => Buffer.from(text, BASE64.test(text) ? 'base64' : 'base64url').length;

interface Issue {
  /** 'type': the value is not of the field's type (the branch of a choice stops there). */
  kind: 'type' | 'check' | 'unknown-keys';
  field: string | null;
  message: string;
  keys?: string[];
}

/** A field's check: the value to keep, or the issue's message. */
type FieldCheck = (value: unknown) => { value: unknown } | { issue: string; kind: Issue['kind'] };

const receivedType = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
const invalidType = (expected: string, value: unknown) => ({
  kind: 'type' as const,
  issue: `Invalid input: expected ${expected}, received ${receivedType(value)}`,
});

interface TextRules {
  trim?: boolean;
  min?: number;
  max: number;
  /** In order; each a test and the message when it fails. */
  checks?: [(text: string) => boolean, string][];
}

function text({ trim = false, min = 0, max, checks = [] }: TextRules): FieldCheck {
  return (value) => {
    if (typeof value !== 'string') return invalidType('string', value);
    const kept = trim ? value.trim() : value;
    const failed = (issue: string) => ({ kind: 'check' as const, issue });
    if (kept.length < min) return failed(`Too small: expected string to have >=${min} characters`);
    if (kept.length > max) return failed(`Too big: expected string to have <=${max} characters`);
    for (const [test, message] of checks) if (!test(kept)) return failed(message);
    return { value: kept };
  };
}

function oneOf<T extends string>(options: readonly T[]): FieldCheck {
  return (value) =>
    options.includes(value as T)
      ? { value }
      : {
          kind: 'type',
          issue: `Invalid option: expected one of ${options.map((o) => JSON.stringify(o)).join('|')}`,
        };
}

const optional =
  (check: FieldCheck): FieldCheck =>
  (value) =>
    value === undefined ? { value } : check(value);

interface Shape {
  fields: Record<string, FieldCheck>;
  /** Checks across fields, once every field passed. */
  across?: (value: Record<string, unknown>) => Issue | null;
}

/** A JSON object with exactly these fields: every issue, in the order above. */
function issuesOf(shape: Shape, body: unknown): { value: Record<string, unknown>; issues: Issue[] } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    const { issue } = invalidType('object', body);
    return { value: {}, issues: [{ kind: 'type', field: null, message: issue }] };
  }
  const given = body as Record<string, unknown>;
  const value: Record<string, unknown> = {};
  const issues: Issue[] = [];
  for (const [field, check] of Object.entries(shape.fields)) {
    const result = check(given[field]);
    if ('issue' in result) issues.push({ kind: result.kind, field, message: result.issue });
    else if (result.value !== undefined) value[field] = result.value;
  }
  const unknown = Object.keys(given).filter((key) => !Object.hasOwn(shape.fields, key));
  if (unknown.length > 0) {
    const keys = unknown.map((key) => JSON.stringify(key)).join(', ');
    issues.push({
      kind: 'unknown-keys',
      field: null,
      message: `Unrecognized key${unknown.length > 1 ? 's' : ''}: ${keys}`,
      keys: unknown,
    });
  }
  if (issues.length === 0 && shape.across) {
    const issue = shape.across(value);
    if (issue) issues.push(issue);
  }
  return { value, issues };
}

/** One of several shapes. Refused: the issues of the one shape whose fields all had their type, else of the first. */
function issuesOfEither(shapes: Shape[], body: unknown): { value: Record<string, unknown>; issues: Issue[] } {
  const results = shapes.map((shape) => issuesOf(shape, body));
  const passed = results.find((result) => result.issues.length === 0);
  if (passed) return passed;
  const typed = results.filter((result) => result.issues.every((issue) => issue.kind !== 'type'));
  if (typed.length === 1) return typed[0]!;
  return (
    results.find((result) => result.issues.every((issue) => issue.kind !== 'unknown-keys')) ?? results[0]!
  );
}

function parse<T>(checked: { value: Record<string, unknown>; issues: Issue[] }): T {
  const [issue] = checked.issues;
  if (!issue) return checked.value as T;
  const unknownKeys = issue.keys ?? [];
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
  const { field } = issue;
  throw new CardBridgeError(
    'BAD_REQUEST',
    field ? `${field} ${issue.message}` : issue.message,
    field ? { field } : undefined,
  );
}

const pairRequest: Shape = { fields: { code: text({ min: 1, max: 32 }) } };

const authenticateRequest: Shape = {
  fields: {
    nonce: text({
      max: 256,
      checks: [
        [(nonce) => BASE64.test(nonce) || BASE64URL.test(nonce), 'must be base64'],
        [
          (nonce) => base64Bytes(nonce) >= EID_AUTHENTICATION_MIN_NONCE_BYTES,
          `must hold at least ${EID_AUTHENTICATION_MIN_NONCE_BYTES} random bytes`,
        ],
      ],
    }),
  },
};

const signRequest: Shape = {
  fields: {
    digestAlgorithm: oneOf(['SHA-256', 'SHA-384'] as const),
    digest: text({ max: 128, checks: [[(digest) => BASE64.test(digest), 'must be base64']] }),
    description: text({
      trim: true,
      min: 1,
      max: 500,
      checks: [[(text) => !CONTROL_CHARACTER.test(text), 'must be one line of printable text']],
    }),
  },
  across: (request) =>
    Buffer.from(request.digest as string, 'base64').length ===
    DIGEST_LENGTH[request.digestAlgorithm as SignDigestRequestDto['digestAlgorithm']]
      ? null
      : { kind: 'check', field: 'digest', message: 'has the wrong length for its digest algorithm' },
};

const fileName = text({
  min: 1,
  max: 255,
  checks: [
    [(name) => !/[/\\\0]/.test(name) && name !== '.' && name !== '..', 'must be a file name, not a path'],
  ],
});

const inspectRequest: Shape = { fields: { fileName, password: text({ max: 1024 }) } };
const reportRequest: Shape = {
  fields: { fileName, password: text({ max: 1024 }), apiToken: text({ min: 1, max: 4096 }) },
};

const KEYSTORE_FILE = /\.(p12|pfx)$/i;

const keystorePath = text({
  min: 1,
  max: 4096,
  checks: [
    [(path) => !CONTROL_CHARACTER.test(path), 'must be a path without control characters'],
    [(path) => isAbsolute(path), 'must be an absolute path on this PC'],
    [(path) => KEYSTORE_FILE.test(path), 'must name a keystore file (.p12 or .pfx)'],
  ],
});

const keystoreCheckRequests: Shape[] = [{ fields: { fileName } }, { fields: { path: keystorePath } }];

/** Date.parse rolls 2027-02-30 over to March: the day itself must exist. */
function isRealDay(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && !Number.isNaN(Date.parse(text));
}

/** A day or an instant, ISO 8601, within the card's plausible lifetime. */
const isoDate = text({
  max: 40,
  checks: [
    [
      (date) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(date),
      'must be an ISO 8601 date',
    ],
    [isRealDay, 'must be a real date'],
  ],
});

const cardCheckRequest: Shape = { fields: { mustStayValidUntil: optional(isoDate) } };

export const parsePairRequest = (body: unknown): PairRequestDto => parse(issuesOf(pairRequest, body));
export const parseAuthenticateRequest = (body: unknown): AuthenticateRequestDto =>
  parse(issuesOf(authenticateRequest, body));
export const parseSignRequest = (body: unknown): SignDigestRequestDto => parse(issuesOf(signRequest, body));
export const parseInspectRequest = (body: unknown): KeystoreInspectRequestDto =>
  parse(issuesOf(inspectRequest, body));
export const parseKeystoreCheckRequest = (body: unknown): KeystoreCheckRequestDto =>
  parse(issuesOfEither(keystoreCheckRequests, body));
export const parseCardCheckRequest = (body: unknown): CardCheckRequestDto =>
  parse(issuesOf(cardCheckRequest, body));
export const parseReportRequest = (body: unknown): KeystoreReportRequestDto =>
  parse(issuesOf(reportRequest, body));
