/**
 * The outcome of a check that can fail for a reason the caller must handle: either the value, or a
 * machine-readable reason with an English message that can be shown to a user as is.
 */
export type Result<T, R extends string> = { ok: true; value: T } | { ok: false; reason: R; message: string };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<R extends string>(
  reason: R,
  message: string,
): { ok: false; reason: R; message: string } {
  return { ok: false, reason, message };
}
