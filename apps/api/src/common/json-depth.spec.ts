import { describe, expect, it } from '@jest/globals';
import { parseJsonBody } from './json-body.js';
import { MAX_JSON_DEPTH } from './json-depth.js';

const verify = (json: string, encoding = 'utf-8') =>
  parseJsonBody(
    encoding === 'utf-16le' ? Buffer.from(json, 'utf16le') : Buffer.from(json, 'utf8'),
    `application/json; charset=${encoding}`,
  );
const nested = (levels: number) => `${'{"a":['.repeat(levels / 2)}1${']}'.repeat(levels / 2)}`;

describe('parseJsonBody: depth', () => {
  it(`lets a body of ${MAX_JSON_DEPTH} levels through`, () => {
    expect(() => verify(nested(MAX_JSON_DEPTH))).not.toThrow();
  });

  it('refuses one level more with a 400 that says why', () => {
    expect(() => verify(nested(MAX_JSON_DEPTH + 2))).toThrow(
      expect.objectContaining({
        status: 400,
        message: `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`,
      }),
    );
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(() => verify(JSON.stringify({ text: `\\"${'['.repeat(1000)}` }))).not.toThrow();
  });

  it('counts the levels of a UTF-16 body too', () => {
    expect(() => verify(nested(MAX_JSON_DEPTH + 2), 'utf-16le')).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });
});
