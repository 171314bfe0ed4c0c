// The real command, `certdesk-card-bridge`, as a child process: configured by flags and environment, it
// shows a pairing code on its terminal, signs with the token, and stops cleanly on SIGTERM.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CARD_BRIDGE_ROUTES } from '@certdesk/contracts';
import { loadPki } from '../src/pki.js';
import { DASHBOARD_ORIGIN, call } from './support/http.js';
import {
  type EidToken,
  SOFTHSM_MODULE,
  TEST_PIN,
  TEST_SSIN,
  provisionEidToken,
  writePinProgram,
} from './support/softhsm.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const bin = join(packageDir, 'bin', 'certdesk-card-bridge.js');

/** Resolves once `pattern` appears in what the child printed so far. */
function waitForOutput(
  output: { text: string },
  child: ChildProcess,
  pattern: RegExp,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = output.text.match(pattern);
      if (match) {
        child.stdout?.off('data', check);
        resolve(match);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) =>
      reject(new Error(`the bridge exited (${code}) before printing ${pattern}:\n${output.text}`)),
    );
    check();
  });
}

describe('the certdesk-card-bridge command', () => {
  let token: EidToken;
  let child: ChildProcess;
  const stdout = { text: '' };
  const stderr = { text: '' };

  beforeAll(async () => {
    // The command runs the built bridge (dist): build it (incremental, quick when up to date).
    await promisify(execFile)(
      process.execPath,
      [join(packageDir, '../../node_modules/typescript/bin/tsc'), '-b', 'tsconfig.lib.json'],
      {
        cwd: packageDir,
      },
    );
    token = await provisionEidToken('EC-P384');
    const pinProgram = await writePinProgram(token.dir, 'pin.sh', `echo ${TEST_PIN}`);
    child = spawn(
      process.execPath,
      [bin, '--port', '0', '--module', SOFTHSM_MODULE, '--pin-program', pinProgram],
      {
        env: {
          ...process.env,
          SOFTHSM2_CONF: token.config,
          CERTDESK_ALLOWED_ORIGINS: DASHBOARD_ORIGIN,
          CERTDESK_KEYSTORE_DIR: join(token.dir, 'keystore'),
          CERTDESK_SIGNATURE_LOG: join(token.dir, 'signatures.jsonl'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.on('data', (chunk: Buffer) => (stdout.text += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr.text += chunk.toString('utf8')));
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await token?.cleanup();
  });

  it('starts, pairs with the code it shows, signs, and stops on SIGTERM', async () => {
    const [, port] = await waitForOutput(stdout, child, /listening on http:\/\/127\.0\.0\.1:(\d+)/);
    const [, code] = await waitForOutput(stdout, child, /Pairing code: (\d{4} \d{4})/);
    const paired = await call(Number(port), { path: CARD_BRIDGE_ROUTES.pair, body: { code } });
    expect(paired.status).toBe(200);

    const digest = createHash('sha384').update('handover').digest();
    const signed = await call(Number(port), {
      path: CARD_BRIDGE_ROUTES.sign,
      token: paired.body.token,
      body: { digestAlgorithm: 'SHA-384', digest: digest.toString('base64'), description: 'Handover' },
    });
    expect(signed.status).toBe(200);
    const { verifySignedDigest } = await loadPki();
    await expect(
      verifySignedDigest({
        certificateDer: Buffer.from(signed.body.certificate, 'base64'),
        digest,
        hashAlgorithm: 'SHA-384',
        signature: Buffer.from(signed.body.signature, 'base64'),
      }),
    ).resolves.toBe(true);

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // What it printed holds no PIN and no whole SSIN.
    expect(stdout.text + stderr.text).not.toContain(TEST_SSIN);
    expect(stderr.text).not.toContain(TEST_PIN);
  }, 30_000);

  it('refuses a bad configuration before starting, saying what is wrong', async () => {
    const result = await promisify(execFile)(
      process.execPath,
      [bin, '--port', 'eighty', '--allowed-origin', 'ftp://x'],
      {
        env: { ...process.env },
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect('code' in result && result.code).toBe(2);
    expect(result.stderr).toContain('port "eighty" is not a port number');
    expect(result.stderr).toContain('allowed origin "ftp://x" is not an origin');
  }, 30_000);
});
