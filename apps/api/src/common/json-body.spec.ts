import { describe, expect, it } from '@jest/globals';
import { HttpException } from '@nestjs/common';
import { parseJsonBody } from './json-body.js';

const JSON_TYPE = 'application/json';

/** What the client would read: the status and the answer's body, or the parsed value. */
function outcome(
  body: Buffer,
  contentType = JSON_TYPE,
): { status: number; answer: unknown } | { value: unknown } {
  try {
    return { value: parseJsonBody(body, contentType) };
  } catch (error) {
    if (!(error instanceof HttpException)) throw error;
    return { status: error.getStatus(), answer: error.getResponse() };
  }
}

const notJson = {
  status: 400,
  answer: { statusCode: 400, code: 'BAD_REQUEST', message: 'the request body is not valid JSON' },
};

describe('parseJsonBody', () => {
  it('reads an object and an array, with surrounding white space', () => {
    expect(outcome(Buffer.from(' {"name":"Ambulances Namur"}\n'))).toEqual({
      value: { name: 'Ambulances Namur' },
    });
    expect(outcome(Buffer.from('[1,2]'))).toEqual({ value: [1, 2] });
  });

  it('reads an empty body as an empty object, as a body-less POST sends it', () => {
    expect(outcome(Buffer.alloc(0))).toEqual({ value: {} });
  });

  it.each([
    ['a bare string', '"secret-password"'],
    ['a number', '42'],
    ['null', 'null'],
    ['white space only', '   '],
    ['a body cut short', '{"password":"hunter2"'],
    ['a trailing comma', '{"password":"hunter2",}'],
  ])('refuses %s with 400, never quoting it', (_what, text) => {
    const result = outcome(Buffer.from(text));
    expect(result).toEqual(notJson);
    expect(JSON.stringify(result)).not.toContain('hunter2');
    expect(JSON.stringify(result)).not.toContain('secret-password');
  });

  it('refuses bytes that are not UTF-8 with 400, never quoting them', () => {
    const latin1 = Buffer.from('{"name":"Li\xe8ge"}', 'latin1');
    expect(outcome(latin1)).toEqual(notJson);
  });

  it('takes a UTF-8 byte order mark, and the charset the header names', () => {
    expect(outcome(Buffer.from('\ufeff{"a":1}', 'utf8'))).toEqual({ value: { a: 1 } });
    expect(outcome(Buffer.from('{"name":"Liège"}', 'utf16le'), `${JSON_TYPE}; charset=UTF-16LE`)).toEqual({
      value: { name: 'Liège' },
    });
    expect(
      outcome(Buffer.from('{"name":"Li\xe8ge"}', 'latin1'), `${JSON_TYPE}; charset="iso-8859-1"`),
    ).toEqual({
      value: { name: 'Liège' },
    });
  });

  it('refuses a charset it cannot decode with 415, naming it without echoing a long one', () => {
    const result = outcome(Buffer.from('{}'), `${JSON_TYPE}; charset=x-klingon${'x'.repeat(5000)}`);
    expect(result).toMatchObject({ status: 415, answer: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect(JSON.stringify(result).length).toBeLessThan(300);
  });

  it('keeps the keys JSON gives, __proto__ included, without touching Object.prototype', () => {
    const result = outcome(Buffer.from('{"__proto__":{"polluted":true}}'));
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys((result as { value: object }).value)).toEqual(['__proto__']);
  });
});
