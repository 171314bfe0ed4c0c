import type { IncomingMessage, ServerResponse } from 'node:http';

/** Deeper than any request body of the api (its deepest is 3 levels), shallow enough for every recursive walk after. */
export const MAX_JSON_DEPTH = 32;

/** What body-parser answers for it: an http-errors-like error, so Nest maps it to a 400 with this message. */
class JsonTooDeepError extends Error {
  readonly status = 400;
  readonly statusCode = 400;
  readonly expose = true;
  readonly type = 'entity.too.deep';

  constructor() {
    super(`the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);
    this.name = 'JsonTooDeepError';
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/**
 * body-parser's `verify`: refuses a body nested deeper than MAX_JSON_DEPTH before JSON.parse, class-transformer and
 * class-validator recurse into it (a deep one overflowed their stack: a 500). A scan of the raw UTF-8 bytes: outside
 * strings, every `[` and `{` opens a level.
 */
export function refuseDeepJson(
  _request: IncomingMessage,
  _response: ServerResponse,
  body: Buffer,
  encoding: string,
): void {
  const bytes = asUtf8(body, encoding);
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const byte of bytes) {
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === BACKSLASH) escaped = true;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (OPENERS.has(byte)) {
      depth += 1;
      if (depth > MAX_JSON_DEPTH) throw new JsonTooDeepError();
    } else if (CLOSERS.has(byte)) depth -= 1;
  }
}

/** The body as UTF-8 bytes (body-parser also takes UTF-16 JSON; an encoding TextDecoder lacks is scanned as it is). */
function asUtf8(body: Buffer, encoding: string): Buffer {
  if (/^utf-?8$/i.test(encoding)) return body;
  try {
    return Buffer.from(new TextDecoder(encoding).decode(body), 'utf8');
  } catch {
    return body;
  }
}
