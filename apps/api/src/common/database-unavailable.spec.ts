import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable.js';

function pgError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

describe('isDatabaseUnavailable', () => {
  it('knows Postgres going away, starting up or refusing connections', () => {
    expect(isDatabaseUnavailable(pgError('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isDatabaseUnavailable(pgError('terminating connection due to administrator command', '57P01')),
    ).toBe(true);
    expect(isDatabaseUnavailable(pgError('the database system is starting up', '57P03'))).toBe(true);
    expect(isDatabaseUnavailable(pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(pgError('connection failure', '08006'))).toBe(true);
    const wrapped = new QueryFailedError(
      'INSERT INTO certificate ...',
      [],
      pgError('Connection terminated unexpectedly'),
    );
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
  });

  it('leaves query errors and other services alone', () => {
    expect(isDatabaseUnavailable(pgError('duplicate key value violates unique constraint', '23505'))).toBe(
      false,
    );
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT', [], pgError('syntax error', '42601')))).toBe(
      false,
    );
    // fetch's failure to reach another service carries its socket error as cause.
    const fetchFailed = new TypeError('fetch failed', {
      cause: pgError('connect ECONNREFUSED', 'ECONNREFUSED'),
    });
    expect(isDatabaseUnavailable(fetchFailed)).toBe(false);
    expect(isDatabaseUnavailable(new Error('something else'))).toBe(false);
    expect(isDatabaseUnavailable('Connection terminated')).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
