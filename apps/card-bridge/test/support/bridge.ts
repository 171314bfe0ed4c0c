// Starts an in-process bridge on an ephemeral port for a test, with the pairing codes it shows captured.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CardBridgeOptions, type RunningCardBridge, startCardBridge } from '../../src/index.js';
import type { CardBridgeConfig } from '../../src/config.js';
import { KEYSTORE_READ_TIMEOUT_MS } from '../../src/keystores/keystore-reader.js';
import { DASHBOARD_ORIGIN, pair } from './http.js';
import { SOFTHSM_MODULE } from './softhsm.js';

export interface TestBridge {
  bridge: RunningCardBridge;
  port: number;
  config: CardBridgeConfig;
  shownCodes: string[];
  logLines: string[];
  /** Pairs the dashboard origin and returns the token. */
  pair(origin?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestBridge(
  config: Partial<CardBridgeConfig> = {},
  options: Omit<CardBridgeOptions, 'config'> = {},
): Promise<TestBridge> {
  const dir = await mkdtemp(join(tmpdir(), 'certdesk-bridge-'));
  const fullConfig: CardBridgeConfig = {
    modulePath: SOFTHSM_MODULE,
    port: 0,
    allowedOrigins: [DASHBOARD_ORIGIN],
    keystoreFolder: join(dir, 'keystore'),
    pinProgram: null,
    passwordProgram: null,
    keystoreReadTimeoutMs: KEYSTORE_READ_TIMEOUT_MS,
    apiUrl: null,
    signatureLogPath: join(dir, 'signatures.jsonl'),
    ...config,
  };
  const shownCodes: string[] = [];
  const logLines: string[] = [];
  const bridge = await startCardBridge({
    config: fullConfig,
    showPairingCode: (code) => shownCodes.push(code),
    log: (message, fields) => logLines.push(`${message} ${JSON.stringify(fields ?? {})}`),
    ...options,
  });
  return {
    bridge,
    port: bridge.port,
    config: fullConfig,
    shownCodes,
    logLines,
    pair: (origin = DASHBOARD_ORIGIN) => pair(bridge.port, shownCodes, origin),
    close: () => bridge.close(),
  };
}
