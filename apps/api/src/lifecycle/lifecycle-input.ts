/** A note as stored: trimmed, and null when there is nothing in it. */
export function noteOf(note: string | undefined): string | null {
  return note?.trim() || null;
}

/** ParseEnumPipe wants an enum object; the allowed values live in readonly arrays (libs/domain). */
export function enumOf(values: readonly string[]): Record<string, string> {
  return Object.fromEntries(values.map((v) => [v, v]));
}
