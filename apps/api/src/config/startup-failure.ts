import { redactUrl } from '@certdesk/persistence';
import type { AppConfig } from './config.js';

/** A start-up failure the operator fixes in the configuration: its message is one line naming the variable. */
export class StartupFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(`Certdesk api cannot start: ${message}`, options);
    this.name = 'StartupFailure';
  }
}

type ErrorFacts = { code?: unknown; message?: unknown; errors?: unknown };

/** The code and message of an error (of the first of an AggregateError's: localhost tried on ::1 and 127.0.0.1). */
function facts(error: unknown): { code: string; message: string } {
  const { code, message, errors } = (typeof error === 'object' && error !== null ? error : {}) as ErrorFacts;
  if (!message && Array.isArray(errors) && errors.length > 0) return facts(errors[0]);
  return {
    code: typeof code === 'string' ? code : '',
    message: (typeof message === 'string' ? message : String(error)).replace(/\s+/g, ' ').trim(),
  };
}

/** Reaching Postgres or logging in to it failed (ensureDatabaseExists, the migrations' connection). */
export function databaseFailure(error: unknown, config: Pick<AppConfig, 'databaseUrl'>): StartupFailure {
  const { code, message } = facts(error);
  const where = redactUrl(config.databaseUrl);
  const fix = 'set DATABASE_URL';
  // SQLSTATE class 28: invalid authorization (a wrong password, a role that does not exist, no pg_hba.conf entry).
  if (code.startsWith('28'))
    return new StartupFailure(
      `Postgres refused the log-in (${message}) at ${where}: ${fix} to a user and password it accepts`,
      { cause: error },
    );
  if (code === '3D000')
    return new StartupFailure(`Postgres has no such database (${message}) at ${where}: ${fix}`, {
      cause: error,
    });
  if (code === '42501')
    return new StartupFailure(
      `the Postgres user may not do this (${message}) at ${where}: create the database for it, or ${fix} to a user ` +
        'that may (CREATEDB)',
      { cause: error },
    );
  if (/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ECONNRESET)$/.test(code))
    return new StartupFailure(`Postgres at ${where} does not answer (${code}): start it, or ${fix}`, {
      cause: error,
    });
  return new StartupFailure(`Postgres at ${where} failed (${message}): check DATABASE_URL`, { cause: error });
}

/** The HTTP server could not listen on HOST:PORT. */
export function listenFailure(error: unknown, config: Pick<AppConfig, 'host' | 'port'>): StartupFailure {
  const { code, message } = facts(error);
  const where = `${config.host}:${config.port}`;
  if (code === 'EADDRINUSE')
    return new StartupFailure(
      `${where} is already in use: set PORT to a free port (or stop what listens there)`,
      {
        cause: error,
      },
    );
  if (code === 'EACCES')
    return new StartupFailure(`this user may not listen on ${where}: set PORT to 1024 or above`, {
      cause: error,
    });
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new StartupFailure(`${config.host} is not an address of this machine: set HOST`, { cause: error });
  return new StartupFailure(`cannot listen on ${where} (${message}): check PORT and HOST`, { cause: error });
}
