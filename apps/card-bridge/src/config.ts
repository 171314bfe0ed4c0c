// The bridge's configuration, from flags (first) and environment variables, checked before it starts.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CARD_BRIDGE_DEFAULT_PORT } from '@certdesk/contracts';
import { KEYSTORE_READ_TIMEOUT_MS } from './keystores/keystore-reader.js';
import { normalizeOrigin } from './http/security.js';

export interface CardBridgeConfig {
  /** The PKCS#11 module: the Belgian eID middleware's by default. */
  modulePath: string;
  port: number;
  /** Origins (scheme://host[:port]) allowed to call the bridge: the Certdesk dashboard's. */
  allowedOrigins: string[];
  keystoreFolder: string;
  /** A program whose stdout is the PIN (non-zero exit: cancelled); null to ask on the terminal. */
  pinProgram: string | null;
  /** A program whose stdout is a keystore's password, for custody checks; null to ask on the terminal. */
  passwordProgram: string | null;
  /** How long reading one keystore may take before it is stopped (a hostile or broken file). */
  keystoreReadTimeoutMs: number;
  /** The Certdesk api's base URL, for keystore reports; null when not configured. */
  apiUrl: string | null;
  /** The JSON-lines file every signature is recorded in. */
  signatureLogPath: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid card-bridge configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export const USAGE = `certdesk-card-bridge: the Certdesk local eID signing bridge (127.0.0.1 only)

Options (environment variable in brackets):
  --allowed-origin URL  an origin allowed to call the bridge, repeatable [CERTDESK_ALLOWED_ORIGINS, comma-separated]
                        (default: the origin of --api-url, which serves the dashboard)
  --api-url URL         the Certdesk api, for keystore reports [CERTDESK_API_URL]
  --port N              the loopback port [CERTDESK_CARD_BRIDGE_PORT] (default ${CARD_BRIDGE_DEFAULT_PORT})
  --module PATH         the PKCS#11 module [CERTDESK_PKCS11_MODULE] (default: the Belgian eID middleware's)
  --keystore-dir PATH   the eHealth keystore folder [CERTDESK_KEYSTORE_DIR] (default ~/ehealth/keystore)
  --pin-program PATH    a program that prints the PIN on stdout (non-zero exit = cancelled)
                        [CERTDESK_PIN_PROGRAM] (default: ask on this terminal, when the card needs it)
  --password-program PATH  a program that prints a keystore's password on stdout, for "check that I can
                        still open this keystore" (non-zero exit = cancelled) [CERTDESK_PASSWORD_PROGRAM]
                        (default: ask on this terminal)
  --keystore-timeout S  seconds one keystore may take to read before it is stopped [CERTDESK_KEYSTORE_TIMEOUT]
                        (default ${KEYSTORE_READ_TIMEOUT_MS / 1000})
  --signature-log PATH  where every signature is recorded [CERTDESK_SIGNATURE_LOG]
                        (default ~/.certdesk/card-bridge/signatures.jsonl)
  --help, --version
`;

/** Where the Belgian eID middleware installs its PKCS#11 module (DOMAIN.md). */
export function defaultModulePath(
  platform: NodeJS.Platform = process.platform,
  exists: (path: string) => boolean = existsSync,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (platform === 'win32') return join(env.SystemRoot ?? 'C:\\Windows', 'System32', 'beidpkcs11.dll');
  if (platform === 'darwin') {
    return '/Library/Belgium Identity Card/Pkcs11/beid-pkcs11.bundle/Contents/MacOS/libbeidpkcs11.dylib';
  }
  const candidates = [
    '/usr/lib/x86_64-linux-gnu/libbeidpkcs11.so.0',
    '/usr/lib/aarch64-linux-gnu/libbeidpkcs11.so.0',
    '/usr/lib64/libbeidpkcs11.so.0',
    '/usr/lib/libbeidpkcs11.so.0',
    '/usr/local/lib/libbeidpkcs11.so.0',
  ];
  return candidates.find((candidate) => exists(candidate)) ?? candidates[0]!;
}

export function parseCardBridgeConfig(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): CardBridgeConfig {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        module: { type: 'string' },
        port: { type: 'string' },
        'allowed-origin': { type: 'string', multiple: true },
        'keystore-dir': { type: 'string' },
        'pin-program': { type: 'string' },
        'password-program': { type: 'string' },
        'keystore-timeout': { type: 'string' },
        'api-url': { type: 'string' },
        'signature-log': { type: 'string' },
      },
    });
  } catch (error) {
    throw new ConfigError([error instanceof Error ? error.message : String(error)]);
  }
  const { values } = parsed;
  const problems: string[] = [];
  const pick = (flag: string | undefined, variable: string) => flag ?? (env[variable]?.trim() || undefined);

  const portText = pick(values.port, 'CERTDESK_CARD_BRIDGE_PORT');
  const port = portText === undefined ? CARD_BRIDGE_DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`port "${portText}" is not a port number (1-65535).`);

  const apiUrlText = pick(values['api-url'], 'CERTDESK_API_URL');
  let apiUrl: string | null = null;
  if (apiUrlText !== undefined) {
    try {
      const url = new URL(apiUrlText);
      if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password)
        throw new Error();
      apiUrl = url.href.replace(/\/+$/, '');
    } catch {
      problems.push(`api URL "${apiUrlText}" is not an http(s) URL.`);
    }
  }

  const originTexts =
    values['allowed-origin'] ??
    (env.CERTDESK_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
  const allowedOrigins: string[] = [];
  for (const text of originTexts) {
    const origin = normalizeOrigin(text);
    if (origin) allowedOrigins.push(origin);
    else problems.push(`allowed origin "${text}" is not an origin (scheme://host[:port], no path).`);
  }
  if (originTexts.length === 0 && apiUrl) allowedOrigins.push(new URL(apiUrl).origin);
  if (originTexts.length === 0 && !apiUrl && apiUrlText === undefined) {
    problems.push('no allowed origin: give the Certdesk dashboard URL with --allowed-origin (or --api-url).');
  }

  const moduleText = pick(values.module, 'CERTDESK_PKCS11_MODULE');
  const modulePath =
    moduleText === undefined ? defaultModulePath(process.platform, existsSync, env) : resolve(moduleText);
  if (moduleText !== undefined && !existsSync(modulePath))
    problems.push(`PKCS#11 module ${modulePath} does not exist.`);

  const pinProgram = pick(values['pin-program'], 'CERTDESK_PIN_PROGRAM') ?? null;
  if (isMissingProgram(pinProgram)) problems.push(`PIN program ${pinProgram} does not exist.`);

  const passwordProgram = pick(values['password-program'], 'CERTDESK_PASSWORD_PROGRAM') ?? null;
  if (isMissingProgram(passwordProgram)) problems.push(`password program ${passwordProgram} does not exist.`);

  const timeoutText = pick(values['keystore-timeout'], 'CERTDESK_KEYSTORE_TIMEOUT');
  const timeoutSeconds = timeoutText === undefined ? KEYSTORE_READ_TIMEOUT_MS / 1000 : Number(timeoutText);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0.1 || timeoutSeconds > 600)
    problems.push(`keystore timeout "${timeoutText}" is not a number of seconds between 0.1 and 600.`);

  const keystoreFolder = resolve(
    pick(values['keystore-dir'], 'CERTDESK_KEYSTORE_DIR') ?? join(homedir(), 'ehealth', 'keystore'),
  );
  const signatureLogPath = resolve(
    pick(values['signature-log'], 'CERTDESK_SIGNATURE_LOG') ??
      join(homedir(), '.certdesk', 'card-bridge', 'signatures.jsonl'),
  );

  if (problems.length) throw new ConfigError(problems);
  return {
    modulePath,
    port,
    allowedOrigins: [...new Set(allowedOrigins)],
    keystoreFolder,
    pinProgram: programPath(pinProgram),
    passwordProgram: programPath(passwordProgram),
    keystoreReadTimeoutMs: Math.round(timeoutSeconds * 1000),
    apiUrl,
    signatureLogPath,
  };
}

/** A program named with a folder must exist; a bare name is looked up on PATH when it runs. */
function isMissingProgram(program: string | null): boolean {
  return program !== null && (isAbsolute(program) || /[/\\]/.test(program)) && !existsSync(program);
}

/** A program named with a folder is resolved now; a bare name is looked up on PATH when it runs. */
function programPath(program: string | null): string | null {
  return program === null ? null : /[/\\]/.test(program) ? resolve(program) : program;
}
