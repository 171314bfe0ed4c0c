// The card-bridge as its users run it: the built `certdesk-card-bridge` command in a child process, on a SoftHSM2
// token provisioned like an eID card, its PIN from a PIN program. For the tests of the apps that talk to it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOFTHSM_MODULE, type SoftHsm, TEST_PIN, writePinProgram } from './softhsm.js';

/** The same path from src/testing and from dist/testing. Runs the bridge's dist: build it first. */
const BRIDGE_COMMAND = fileURLToPath(new URL('../../bin/certdesk-card-bridge.js', import.meta.url));
const OUTPUT_TIMEOUT_MS = 15_000;

/** The line the bridge prints on its terminal with a pairing code, the code in group 1 ("1234 5678"). */
export const PAIRING_CODE_LINE = /Pairing code: (\d{4} \d{4})/;

export interface BridgeCommand {
  port: number;
  url: string;
  /** Everything it printed on its terminal so far. */
  output(): string;
  /** The first match of `pattern` printed after `from` characters of output (waits up to 15 s). */
  waitForOutput(pattern: RegExp, from?: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
}

export interface BridgeCommandOptions {
  /** --module: default SoftHSM2's. */
  modulePath?: string;
  /** A shell script that prints a keystore's password (as the person at the PC would type it); default: none set. */
  passwordScript?: string;
  /** --keystore-timeout, in seconds. */
  keystoreTimeoutSeconds?: number;
  /** --api-url: where keystore reports go; default none. */
  apiUrl?: string;
}

/**
 * Starts the bridge on a free loopback port, serving `allowedOrigins` only, on the SoftHSM2 store `token` (an eID
 * token, or an empty store: a reader with no card); resolves once it listens. Its keystore folder is
 * `<token.dir>/keystore`.
 */
export async function startBridgeCommand(
  token: SoftHsm,
  allowedOrigins: string[],
  options: BridgeCommandOptions = {},
): Promise<BridgeCommand> {
  const pinProgram = await writePinProgram(token.dir, 'pin.sh', `echo ${TEST_PIN}`);
  const passwordProgram =
    options.passwordScript === undefined
      ? null
      : await writePinProgram(token.dir, 'password.sh', options.passwordScript);
  const child = spawn(
    process.execPath,
    [
      BRIDGE_COMMAND,
      '--port',
      '0',
      '--module',
      options.modulePath ?? SOFTHSM_MODULE,
      '--pin-program',
      pinProgram,
      ...allowedOrigins.flatMap((origin) => ['--allowed-origin', origin]),
      ...(passwordProgram ? ['--password-program', passwordProgram] : []),
      ...(options.keystoreTimeoutSeconds === undefined
        ? []
        : ['--keystore-timeout', String(options.keystoreTimeoutSeconds)]),
      ...(options.apiUrl === undefined ? [] : ['--api-url', options.apiUrl]),
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
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const waitForOutput = (pattern: RegExp, from = 0): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const settle = (outcome: () => void) => {
        clearTimeout(timer);
        child.stdout.off('data', check);
        outcome();
      };
      const check = () => {
        const match = text.slice(from).match(pattern);
        if (match) settle(() => resolve(match));
      };
      const timer = setTimeout(
        () => settle(() => reject(new Error(`the bridge did not print ${pattern} within 15 s:\n${text}`))),
        OUTPUT_TIMEOUT_MS,
      );
      child.stdout.on('data', check);
      void exited.then((code) => settle(() => reject(new Error(`the bridge exited (${code}):\n${text}`))));
      check();
    });

  const [, port] = await waitForOutput(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
  return {
    port: Number(port),
    url: `http://127.0.0.1:${port}`,
    output: () => text,
    waitForOutput,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
