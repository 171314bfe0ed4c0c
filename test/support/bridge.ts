// The card-bridge command (@certdesk/card-bridge/testing startBridgeCommand), paired as the dashboard pairs it: by
// the code it prints on its terminal.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CARD_BRIDGE_ROUTES } from '@certdesk/contracts';
import { type EidToken, PAIRING_CODE_LINE, startBridgeCommand } from '@certdesk/card-bridge/testing';
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
  const bridge = await startBridgeCommand(token, allowedOrigins);
  // The code it shows on start; each code asked for later replaces the live one.
  let unusedCode: string | null = (await bridge.waitForOutput(PAIRING_CODE_LINE))[1]!;
  const { port, url } = bridge;
  const bridgeCall = (path: string, options: CallOptions = {}) => call(`${url}${path}`, options);
  return {
    port,
    url,
    output: bridge.output,
    pair: async (origin) => {
      let code = unusedCode;
      unusedCode = null;
      if (!code) {
        const before = bridge.output().length;
        const issued = await bridgeCall(CARD_BRIDGE_ROUTES.pairingCode, { method: 'POST', origin });
        if (issued.status !== 200)
          throw new Error(`pairing code: ${issued.status} ${JSON.stringify(issued.body)}`);
        code = (await bridge.waitForOutput(PAIRING_CODE_LINE, before))[1]!;
      }
      const paired = await bridgeCall(CARD_BRIDGE_ROUTES.pair, { origin, body: { code } });
      if (paired.status !== 200) throw new Error(`pair: ${paired.status} ${JSON.stringify(paired.body)}`);
      return paired.body.token as string;
    },
    call: bridgeCall,
    stop: bridge.stop,
  };
}
