/** Wrong passwords allowed in a row before each further one blocks the address for a while. */
export const FREE_LOGIN_FAILURES = 5;
const FIRST_BLOCK_MS = 30_000;
const LONGEST_BLOCK_MS = 15 * 60_000;
/** A failure this long after the previous one starts the count again. */
export const LOGIN_FAILURES_FORGOTTEN_AFTER_MS = 24 * 3600_000;

/**
 * How long an address is blocked after its n-th wrong password in a row: nothing for the first few (people mistype),
 * then 30 s, doubling, at most 15 minutes. Slows guessing to a few hundred tries a day, and a legitimate user who
 * forgot their password waits minutes, not hours (a permanent lock-out would let anyone lock an administrator out).
 */
export function loginBlockMs(failures: number): number {
  if (failures <= FREE_LOGIN_FAILURES) return 0;
  return Math.min(LONGEST_BLOCK_MS, FIRST_BLOCK_MS * 2 ** (failures - FREE_LOGIN_FAILURES - 1));
}
