import { TextDecoder } from 'node:util';
import { BadRequestException, HttpException, HttpStatus } from '@nestjs/common';
import { charsetOf } from './content-type.js';
import { refuseDeepJson } from './json-depth.js';

/** The largest JSON body the api reads (1 MiB): larger answers 413 before a byte is parsed. */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * A request body of type application/json as the api reads it: UTF-8 (or the charset the header names), an object
 * or an array at its top (a strict parser), no deeper than MAX_JSON_DEPTH, and never quoted back in an
 * error (a password may be in it). An empty body is an empty object, as a body-less POST of the dashboard sends.
 */
export function parseJsonBody(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return {};
  const text = decode(body, charsetOf(contentType));
  refuseDeepJson(text);
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[') throw notJson();
  try {
    return JSON.parse(text);
  } catch {
    throw notJson();
  }
}

function notJson(): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    code: 'BAD_REQUEST',
    message: 'the request body is not valid JSON',
  });
}

function decode(body: Buffer, charset: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    throw new HttpException(
      {
        statusCode: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `the request body's charset ${JSON.stringify(charset.slice(0, 40))} is not one the api reads; send UTF-8`,
      },
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    );
  }
  try {
    return decoder.decode(body);
  } catch {
    throw notJson();
  }
}
