// The card-bridge as its users run it: the built `certdesk-card-bridge` command in a child process, on a SoftHSM2
// token provisioned like an eID card, its PIN from a PIN program, paired by the code it prints on its terminal.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CARD_BRIDGE_ROUTES } from '@certdesk/contracts';
import { type EidToken, SOFTHSM_MODULE, TEST_PIN, writePinProgram } from '@certdesk/card-bridge/testing';
import { call, type CallOptions, type CallResult } from './http.js';

const bridgeDir = fileURLToPath(new URL('../../apps/card-bridge/', import.meta.url));

let built: Promise<unknown> | undefined;
/** The command runs the built bridge (dist): build it once per test file (incremental, quick when up to date). */
export function buildBridge(): Promise<unknown> {
  built ??= promisify(execFile)(
    process.execPath,
    [join(bridgeDir, '../../node_modules/typescript/bin/tsc'), '-b', 'tsconfig.lib.json'],
    { cwd: bridgeDir },
  );
  return built;
}

export interface BridgeProcess {
  port: number;
  url: string;
  /** Everything it printed on its terminal. */
  output(): string;
  /** Pairs `origin` with a code the bridge prints (asked for as the dashboard does) and returns the token. */
  pair(origin: string): Promise<string>;
  call(path: string, options?: CallOptions): Promise<CallResult>;
  stop(): Promise<number | null>;
}

export async function startBridgeProcess(token: EidToken, allowedOrigins: string[]): Promise<BridgeProcess> {
  await buildBridge();
  const pinProgram = await writePinProgram(token.dir, 'pin.sh', `echo ${TEST_PIN}`);
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(bridgeDir, 'bin', 'certdesk-card-bridge.js'),
      '--port',
      '0',
      '--module',
      SOFTHSM_MODULE,
      '--pin-program',
      pinProgram,
      ...allowedOrigins.flatMap((origin) => ['--allowed-origin', origin]),
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
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  /** The first match of `pattern` printed after `from` characters. */
  const waitFor = (pattern: RegExp, from = 0): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const match = text.slice(from).match(pattern);
        if (!match) return;
        child.stdout?.off('data', check);
        resolve(match);
      };
      child.stdout?.on('data', check);
      void exited.then((code) => reject(new Error(`the bridge exited (${code}):\n${text}`)));
      check();
    });

  const [, port] = await waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
  // The code it shows on start; each code asked for later replaces the live one.
  let unusedCode: string | null = (await waitFor(/Pairing code: (\d{4} \d{4})/))[1]!;
  const url = `http://127.0.0.1:${port}`;
  const bridgeCall = (path: string, options: CallOptions = {}) => call(`${url}${path}`, options);
  return {
    port: Number(port),
    url,
    output: () => text,
    pair: async (origin) => {
      let code = unusedCode;
      unusedCode = null;
      if (!code) {
        const before = text.length;
        const issued = await bridgeCall(CARD_BRIDGE_ROUTES.pairingCode, { method: 'POST', origin });
        if (issued.status !== 200)
          throw new Error(`pairing code: ${issued.status} ${JSON.stringify(issued.body)}`);
        code = (await waitFor(/Pairing code: (\d{4} \d{4})/, before))[1]!;
      }
      const paired = await bridgeCall(CARD_BRIDGE_ROUTES.pair, { origin, body: { code } });
      if (paired.status !== 200) throw new Error(`pair: ${paired.status} ${JSON.stringify(paired.body)}`);
      return paired.body.token as string;
    },
    call: bridgeCall,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
