import { BadRequestException } from '@nestjs/common';

/** Deeper than any request body of the api (its deepest is 3 levels), shallow enough for every recursive walk after. */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/**
 * Refuses a JSON text nested deeper than MAX_JSON_DEPTH before JSON.parse, class-transformer and class-validator
 * recurse into it (a deep one overflowed their stack: a 500). Outside strings, every `[` and `{` opens a level.
 */
export function refuseDeepJson(text: string): void {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (char === BACKSLASH) escaped = true;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) inString = true;
    else if (char === OPEN_BRACKET || char === OPEN_BRACE) {
      depth += 1;
      if (depth > MAX_JSON_DEPTH)
        throw new BadRequestException({
          statusCode: 400,
          code: 'BAD_REQUEST',
          message: `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`,
        });
    } else if (char === CLOSE_BRACKET || char === CLOSE_BRACE) depth -= 1;
  }
}
