// Shared by the integration tests: one test PKI per test file, and small file helpers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificateFileError } from '../src/index.js';

export const PASSWORD = 'Keystore-Pa55word!';

/** The error a promise rejects with, failing the test when it resolves. */
export async function errorOf(promise: Promise<unknown>): Promise<CertificateFileError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CertificateFileError) return error;
    throw error;
  }
  throw new Error('expected a CertificateFileError, but the call succeeded');
}

/** Runs `fn` with a scratch directory that is removed afterwards. */
export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'certdesk-pki-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs openssl with the password in an environment variable, never on the command line. */
export function openssl(args: string[], password?: string): Buffer {
  return execFileSync('openssl', args, {
    env: { ...process.env, ...(password !== undefined ? { CERTDESK_TEST_PASS: password } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export { readFileSync, writeFileSync, join };
