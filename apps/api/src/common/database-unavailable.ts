/**
 * Whether an error means Postgres went away or is not back yet (a restart, a failover to the standby, a crash), as
 * opposed to a query that is wrong: such a request failed for the moment only, and may be sent again.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  // The error itself, or the pg error TypeORM's QueryFailedError wraps as driverError. Not `cause`: fetch's
  // "fetch failed" (the ETK depot, an OpenID provider) carries its ECONNREFUSED there, and is not the database.
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 2; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (
      typeof code === 'string' &&
      (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08') || NETWORK.has(code))
    )
      return true;
    if (typeof message === 'string' && LOST_CONNECTION.test(message)) return true;
    e = (e as { driverError?: unknown }).driverError;
  }
  return false;
}

/**
 * admin_shutdown, crash_shutdown, cannot_connect_now (starting up, or in recovery), and read_only_sql_transaction (a
 * standby that was the primary a moment ago, before the failover finished); class 08 is connection exceptions.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '25006']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
// pg's own words when the socket closes under a query, or its pool waits too long for a connection.
const LOST_CONNECTION =
  /^Connection terminated|^timeout exceeded when trying to connect|^Client has encountered a connection error/;
