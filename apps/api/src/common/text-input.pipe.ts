import { type ArgumentMetadata, BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** Free text that may span lines (a note, a reason): line feeds and tabs are part of it there. */
export const MULTI_LINE_FIELDS: ReadonlySet<string> = new Set(['note', 'notes', 'reason']);

/** Secrets are never stored or shown: only NUL, which no one can type and C libraries cut at, is refused. */
const SECRET_FIELD = /password$/i;

/** Every C0 control character and DEL. */
const CONTROL = /[\u0000-\u001f\u007f]/;
/** In multi-line text: controls but TAB and LF, and a CR that does not start a CRLF. */
const CONTROL_IN_MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|\r(?!\n)/;
const NUL = /\u0000/;

const NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x09: 'tab',
  0x0a: 'line feed',
  0x0d: 'carriage return',
  0x1b: 'escape',
  0x7f: 'DEL',
};

type Rule = 'single-line' | 'multi-line' | 'secret';

/** Deeper than any input: JSON bodies stop at 32 levels (json-depth.ts), multipart field names nest a few. */
const MAX_DEPTH = 64;

/**
 * Refuses control characters in every text the api is given (body, query, route parameters; multipart fields too,
 * as pipes run after the upload interceptor) with a 400 naming the field, before validation and before anything is
 * written. They break the one-line formats the data goes out in (calendar feeds, CSV, mail headers), and Postgres
 * refuses NUL outright. Names and every other text are single-line; MULTI_LINE_FIELDS may hold LF, CRLF and TAB.
 * Global (create-app.ts), so a new endpoint is covered without a line of its own.
 */
@Injectable()
export class TextInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // Custom decorators give what the api itself made (the actor, uploaded files), not text from the request.
    if (metadata.type === 'custom') return value;
    const root = metadata.data ?? '';
    check(value, root, ruleFor(root, 'single-line'), 0);
    return value;
  }
}

function ruleFor(key: string, inherited: Rule): Rule {
  if (SECRET_FIELD.test(key)) return 'secret';
  if (MULTI_LINE_FIELDS.has(key)) return 'multi-line';
  return inherited === 'secret' ? 'single-line' : inherited;
}

function check(value: unknown, path: string, rule: Rule, depth: number): void {
  if (typeof value === 'string') {
    const pattern = rule === 'secret' ? NUL : rule === 'multi-line' ? CONTROL_IN_MULTI_LINE : CONTROL;
    const found = pattern.exec(value);
    if (found) refuse(path || 'the body', found[0].charCodeAt(0), rule);
    return;
  }
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return;
  if (value instanceof Date || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => check(item, `${path}[${index}]`, rule, depth + 1));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    const found = CONTROL.exec(key);
    if (found) refuse(`the name of ${field}`, found[0].charCodeAt(0), 'single-line');
    check(item, field, ruleFor(key, rule === 'secret' ? 'single-line' : rule), depth + 1);
  }
}

function refuse(field: string, code: number, rule: Rule): never {
  const character = `U+${code.toString(16).toUpperCase().padStart(4, '0')}${NAMES[code] ? ` (${NAMES[code]})` : ''}`;
  const message =
    rule === 'multi-line'
      ? code === 0x0d
        ? `${field} has a carriage return not followed by a line feed: end lines with LF or CRLF`
        : `${field} has a control character, ${character}: only line feeds and tabs may be in it`
      : rule === 'secret'
        ? `${field} has a NUL character (U+0000)`
        : `${field} has a control character, ${character}: it must be a single line of text`;
  throw new BadRequestException({ statusCode: 400, code: 'CONTROL_CHARACTER', message, details: { field } });
}
