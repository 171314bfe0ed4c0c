import { describe, expect, it } from '@jest/globals';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CARD_BRIDGE_DEFAULT_PORT } from '@certdesk/contracts';
import { ConfigError, defaultModulePath, parseCardBridgeConfig } from './config.js';

const problemsOf = (argv: string[], env: NodeJS.ProcessEnv = {}): string[] => {
  try {
    parseCardBridgeConfig(argv, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('parseCardBridgeConfig', () => {
  it('has defaults for everything but the allowed origin', () => {
    const config = parseCardBridgeConfig(['--allowed-origin', 'https://certdesk.example.org/'], {});
    expect(config).toMatchObject({
      port: CARD_BRIDGE_DEFAULT_PORT,
      allowedOrigins: ['https://certdesk.example.org'],
      keystoreFolder: join(homedir(), 'ehealth', 'keystore'),
      pinProgram: null,
      passwordProgram: null,
      keystoreReadTimeoutMs: 15_000,
      apiUrl: null,
      signatureLogPath: join(homedir(), '.certdesk', 'card-bridge', 'signatures.jsonl'),
    });
  });

  it('reads the environment, and flags win over it', () => {
    const env = {
      CERTDESK_CARD_BRIDGE_PORT: '31000',
      CERTDESK_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
      CERTDESK_KEYSTORE_DIR: '/srv/keystores',
      CERTDESK_PIN_PROGRAM: 'pinentry-certdesk',
      CERTDESK_PASSWORD_PROGRAM: 'password-certdesk',
      CERTDESK_KEYSTORE_TIMEOUT: '2.5',
      CERTDESK_API_URL: 'https://api.example/',
    };
    expect(parseCardBridgeConfig([], env)).toMatchObject({
      port: 31000,
      allowedOrigins: ['https://a.example', 'https://b.example'],
      keystoreFolder: '/srv/keystores',
      pinProgram: 'pinentry-certdesk',
      passwordProgram: 'password-certdesk',
      keystoreReadTimeoutMs: 2500,
      apiUrl: 'https://api.example',
    });
    expect(
      parseCardBridgeConfig(['--port', '32000', '--allowed-origin', 'http://localhost:4200'], env),
    ).toMatchObject({
      port: 32000,
      allowedOrigins: ['http://localhost:4200'],
    });
  });

  it('allows the api URL origin (which serves the dashboard) when no origin is given', () => {
    expect(
      parseCardBridgeConfig(['--api-url', 'https://certdesk.example.org/api'], {}).allowedOrigins,
    ).toEqual(['https://certdesk.example.org']);
  });

  it.each([
    [[], 'no allowed origin'],
    [['--allowed-origin', 'https://x.example/dashboard'], 'is not an origin'],
    [['--allowed-origin', 'x', '--port', '70000'], 'is not a port number'],
    [['--allowed-origin', 'https://x.example', '--api-url', 'ftp://api'], 'is not an http(s) URL'],
    [
      ['--allowed-origin', 'https://x.example', '--module', '/nonexistent/libbeidpkcs11.so.0'],
      'does not exist',
    ],
    [['--allowed-origin', 'https://x.example', '--pin-program', '/nonexistent/pin'], 'PIN program'],
    [['--allowed-origin', 'https://x.example', '--pin', '1234'], "Unknown option '--pin'"],
    [['--allowed-origin', 'https://x.example', '--password-program', '/nonexistent/pw'], 'password program'],
    [['--allowed-origin', 'https://x.example', '--keystore-timeout', '0'], 'keystore timeout'],
    [['--allowed-origin', 'https://x.example', '--keystore-timeout', 'soon'], 'keystore timeout'],
    [['--allowed-origin', 'https://x.example', '--password', 'x'], "Unknown option '--password'"],
  ])('refuses %j: %s', (argv, problem) => {
    expect(problemsOf(argv).join('\n')).toContain(problem);
  });
});

describe('defaultModulePath', () => {
  it.each([
    ['win32', 'C:\\Windows/System32/beidpkcs11.dll'],
    ['darwin', '/Library/Belgium Identity Card/Pkcs11/beid-pkcs11.bundle/Contents/MacOS/libbeidpkcs11.dylib'],
    ['linux', '/usr/lib/x86_64-linux-gnu/libbeidpkcs11.so.0'],
  ] as const)('%s: %s', (platform, expected) => {
    expect(defaultModulePath(platform, () => false, {}).replace(/\\System32\\/, '/System32/')).toBe(expected);
  });

  it('finds the Linux module where the distribution put it', () => {
    expect(defaultModulePath('linux', (path) => path === '/usr/lib64/libbeidpkcs11.so.0', {})).toBe(
      '/usr/lib64/libbeidpkcs11.so.0',
    );
  });
});
