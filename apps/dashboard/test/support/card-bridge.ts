// The card-bridge as a certificate manager runs it beside the dashboard: the built `certdesk-card-bridge` command
// in a child process, on a SoftHSM2 token provisioned like an eID card, its PIN from a PIN program. The pairing
// code it prints on its terminal is what the person reads and types into the dashboard.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
// Test support from the bridge (SoftHSM2 tokens shaped like an eID card), run in Node by Jest: the dashboard's
// own code stays browser-only, which is what the module-boundary rule protects.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { type EidToken, SOFTHSM_MODULE, TEST_PIN, writePinProgram } from '@certdesk/card-bridge/testing';

const BRIDGE_COMMAND = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'card-bridge',
  'bin',
  'certdesk-card-bridge.js',
);

export interface CardBridge {
  port: number;
  /** Everything it printed so far. */
  output(): string;
  /** The next pairing code it prints after `from` characters of output, as shown ("1234 5678"). */
  pairingCodeAfter(from: number): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the bridge on a free port, serving `allowedOrigin` only. It runs the bridge's dist: `startStack()`'s Nx
 * build makes it, so start the stack first.
 */
export async function startCardBridge(token: EidToken, allowedOrigin: string): Promise<CardBridge> {
  const pinProgram = await writePinProgram(token.dir, 'pin.sh', `echo ${TEST_PIN}`);
  const child = spawn(
    process.execPath,
    [
      BRIDGE_COMMAND,
      '--port',
      '0',
      '--module',
      SOFTHSM_MODULE,
      '--pin-program',
      pinProgram,
      '--allowed-origin',
      allowedOrigin,
    ],
    {
      env: {
        ...process.env,
        SOFTHSM2_CONF: token.config,
        CERTDESK_KEYSTORE_DIR: join(token.dir, 'keystore'),
        CERTDESK_SIGNATURE_LOG: join(token.dir, 'signatures.jsonl'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const waitFor = (pattern: RegExp, from: number): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.stdout.off('data', check);
        reject(new Error(`the bridge did not print ${pattern} within 15 s:\n${text}`));
      }, 15_000);
      const check = () => {
        const match = text.slice(from).match(pattern);
        if (!match) return;
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve(match);
      };
      child.stdout.on('data', check);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the bridge exited (${child.exitCode ?? child.signalCode}):\n${text}`));
      });
      check();
    });

  const [, port] = await waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/, 0);
  return {
    port: Number(port),
    output: () => text,
    pairingCodeAfter: async (from) => (await waitFor(/Pairing code: (\d{4} \d{4})/, from))[1]!,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
