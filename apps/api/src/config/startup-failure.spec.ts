import { describe, expect, it } from '@jest/globals';
import { databaseFailure, listenFailure } from './startup-failure.js';

// The errors as pg and node:net raise them; a local Postgres with trust authentication cannot refuse a password.
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });
const database = { databaseUrl: 'postgres://certdesk:s3cret-password@db.internal:5432/certdesk' };
const listen = { host: '127.0.0.1', port: 3000 };

describe('databaseFailure', () => {
  it.each([
    ['28P01', 'password authentication failed for user "certdesk"', /refused the log-in .*set DATABASE_URL/],
    [
      '28000',
      'no pg_hba.conf entry for host "10.0.0.2", user "certdesk"',
      /refused the log-in .*set DATABASE_URL/,
    ],
    ['3D000', 'database "postgres" does not exist', /no such database .*set DATABASE_URL/],
    [
      '42501',
      'permission denied to create database',
      /may not do this .*set DATABASE_URL to a user that may/,
    ],
    [
      'ECONNREFUSED',
      'connect ECONNREFUSED 10.0.0.1:5432',
      /does not answer \(ECONNREFUSED\): start it, or set DATABASE_URL/,
    ],
    ['XX000', 'something else', /failed \(something else\): check DATABASE_URL/],
  ])('%s: one line naming DATABASE_URL, its password hidden', (code, message, expected) => {
    const text = databaseFailure(pgError(code, message), database).message;
    expect(text).toMatch(expected);
    expect(text).toMatch(/^Certdesk api cannot start: /);
    expect(text).not.toContain('\n');
    expect(text).not.toContain('s3cret-password');
  });

  it('reads the first error of an AggregateError (localhost tried on ::1 and 127.0.0.1)', () => {
    const error = new AggregateError([pgError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432')], '');
    expect(databaseFailure(error, database).message).toContain('does not answer (ECONNREFUSED)');
  });
});

describe('listenFailure', () => {
  it.each([
    ['EADDRINUSE', /127\.0\.0\.1:3000 is already in use: set PORT/],
    ['EACCES', /may not listen on 127\.0\.0\.1:3000: set PORT to 1024 or above/],
    ['EADDRNOTAVAIL', /127\.0\.0\.1 is not an address of this machine: set HOST/],
  ])('%s: one line naming the variable', (code, expected) => {
    const text = listenFailure(pgError(code, `listen ${code}`), listen).message;
    expect(text).toMatch(expected);
    expect(text).not.toContain('\n');
  });
});
