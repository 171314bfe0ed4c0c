import { describe, expect, it } from '@jest/globals';
import type { ArgumentMetadata } from '@nestjs/common';
import { TextInputPipe } from './text-input.pipe.js';

const pipe = new TextInputPipe();
const body: ArgumentMetadata = { type: 'body' };
const refusal = (value: unknown, metadata: ArgumentMetadata = body) => {
  try {
    pipe.transform(value, metadata);
  } catch (error) {
    return (error as { getResponse(): unknown; getStatus(): number }).getResponse();
  }
  return null;
};

describe('TextInputPipe', () => {
  it('lets ordinary text through untouched, accents and all', () => {
    const value = {
      name: 'Élodie Dubois; Zorg & Co',
      contacts: [{ email: 'info@example.be' }],
      notes: 'a\nb\r\n\tc',
    };
    expect(pipe.transform(value, body)).toBe(value);
    expect(refusal(value)).toBeNull();
  });

  it.each([
    ['\u0000', 'U+0000 (NUL)'],
    ['\r', 'U+000D (carriage return)'],
    ['\n', 'U+000A (line feed)'],
    ['\t', 'U+0009 (tab)'],
    ['\u001b', 'U+001B (escape)'],
    ['\u007f', 'U+007F (DEL)'],
  ])('refuses %j in a name, naming the field and the character', (character, named) => {
    expect(refusal({ name: `Jan${character}Peeters` })).toEqual({
      statusCode: 400,
      code: 'CONTROL_CHARACTER',
      message: `name has a control character, ${named}: it must be a single line of text`,
      details: { field: 'name' },
    });
  });

  it('finds it in nested objects and arrays', () => {
    expect(
      refusal({ contacts: [{ email: 'ok@example.be' }, { email: 'a\u0001@example.be' }] }),
    ).toMatchObject({
      details: { field: 'contacts[1].email' },
    });
  });

  it('lets notes and reasons span lines (LF, CRLF, TAB) but refuses a bare CR and other controls in them', () => {
    expect(refusal({ note: 'one\ntwo', reason: 'one\r\ntwo\tthree', notes: 'x' })).toBeNull();
    expect(refusal({ note: 'one\rtwo' })).toMatchObject({
      message: 'note has a carriage return not followed by a line feed: end lines with LF or CRLF',
    });
    expect(refusal({ notes: 'a\u0000b' })).toMatchObject({ details: { field: 'notes' } });
  });

  it('refuses control characters in query strings and route parameters', () => {
    expect(refusal({ q: 'a\u0000b' }, { type: 'query' })).toMatchObject({ details: { field: 'q' } });
    expect(refusal('a\u0000b', { type: 'query', data: 'q' })).toMatchObject({ details: { field: 'q' } });
    expect(refusal('x\ny', { type: 'param', data: 'token' })).toMatchObject({ details: { field: 'token' } });
  });

  it('refuses them in field names too', () => {
    expect(refusal({ 'na\u0000me': 'x' })).toMatchObject({ code: 'CONTROL_CHARACTER' });
  });

  it('lets a password hold any character but NUL (it is never stored or shown)', () => {
    expect(refusal({ email: 'a@b.be', password: 'tab\there' })).toBeNull();
    expect(refusal({ password: 'nul\u0000here' })).toMatchObject({ details: { field: 'password' } });
  });

  it('leaves what the api itself passes (the actor, uploaded files) alone', () => {
    expect(refusal({ name: 'a\u0000b' }, { type: 'custom' })).toBeNull();
  });
});
