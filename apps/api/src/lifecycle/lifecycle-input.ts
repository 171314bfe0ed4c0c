/** A note as stored: trimmed, and null when there is nothing in it. */
export function noteOf(note: string | undefined): string | null {
  return note?.trim() || null;
}
