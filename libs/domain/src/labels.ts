// Labels on certificates (issue 13): free words an organisation sorts its certificates by ("MyCareNet",
// "site Namur", "Recip-e"). Pure rules: the api applies them to every label it is given, and the dashboard shows
// the same messages before it sends.
import { fail, ok, type Result } from './result.js';

/** Characters in a label, after trimming: long enough for "Recip-e / site Namur (urgences)", short enough for a chip. */
export const MAX_LABEL_LENGTH = 64;
/** Labels on one certificate: more would no longer help anyone find it. */
export const MAX_LABELS_PER_CERTIFICATE = 20;
/** Certificates one bulk action may change at once: a page of the list is at most 500; a bulk import's worth. */
export const MAX_BULK_CERTIFICATES = 1000;

export type LabelInvalidReason = 'NOT_TEXT' | 'EMPTY' | 'TOO_LONG' | 'CONTROL_CHARACTERS';

export interface Label {
  /** As it is shown: trimmed, inner runs of white space made one space, Unicode NFC. */
  name: string;
  /** What makes two labels the same one within an organisation: the name, lower-cased. */
  key: string;
}

/** C0 and C1 controls, DEL, and the bidirectional overrides that would make a label read differently than it sorts. */
const UNWANTED = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * A label as an organisation keeps it: `"  site   Namur "` is `site Namur`, and `MyCareNet` and `mycarenet` are one
 * label (the same key). Refuses empty, over-long (counted in characters, not UTF-16 units) and control characters.
 */
export function parseLabel(input: unknown): Result<Label, LabelInvalidReason> {
  if (typeof input !== 'string') return fail('NOT_TEXT', 'A label is a text.');
  if (UNWANTED.test(input))
    return fail('CONTROL_CHARACTERS', 'A label holds no control characters nor line breaks.');
  const name = input.normalize('NFC').trim().replace(/\s+/gu, ' ');
  if (name.length === 0) return fail('EMPTY', 'A label needs at least one character.');
  if ([...name].length > MAX_LABEL_LENGTH)
    return fail('TOO_LONG', `A label is at most ${MAX_LABEL_LENGTH} characters.`);
  return ok({ name, key: labelKey(name) });
}

/** The key two spellings of one label share. Locale-independent, so the api and every browser agree. */
export function labelKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/**
 * Whether a certificate that carries `current` labels may also carry `adding` (keys): labels it already has do
 * not count twice.
 */
export function checkLabelCount(
  current: readonly string[],
  adding: readonly string[],
): Result<number, 'TOO_MANY_LABELS'> {
  const keys = new Set(current.map(labelKey));
  for (const key of adding) keys.add(labelKey(key));
  return keys.size > MAX_LABELS_PER_CERTIFICATE
    ? fail('TOO_MANY_LABELS', `A certificate carries at most ${MAX_LABELS_PER_CERTIFICATE} labels.`)
    : ok(keys.size);
}
