// The `certdesk-card-bridge` command: reads the configuration, starts the bridge, shows a first pairing
// code, and stops cleanly on Ctrl-C.
import { CARD_BRIDGE_ROUTES } from '@certdesk/contracts';
import { CARD_BRIDGE_VERSION, startCardBridge } from './bridge.js';
import { ConfigError, USAGE, parseCardBridgeConfig } from './config.js';

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (argv.includes('--version')) {
    process.stdout.write(`${CARD_BRIDGE_VERSION}\n`);
    return 0;
  }
  let config;
  try {
    config = parseCardBridgeConfig(argv, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  let bridge;
  try {
    bridge = await startCardBridge({ config });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(
      code === 'EADDRINUSE'
        ? `Port ${config.port} is in use: is another card bridge running? (--port to choose another)\n`
        : `The card bridge could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  process.stdout.write(
    `Certdesk card bridge ${CARD_BRIDGE_VERSION} listening on ${bridge.url} for ${config.allowedOrigins.join(', ')}\n` +
      `PKCS#11 module: ${config.modulePath}\n` +
      `Keystore folder: ${config.keystoreFolder}\n` +
      `Signature log: ${config.signatureLogPath}\n` +
      `To pair the dashboard, type this code there (the dashboard can ask for a new one: POST ${CARD_BRIDGE_ROUTES.pairingCode}).\n`,
  );
  bridge.issuePairingCode();

  const running = bridge;
  return new Promise((resolveExit) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      running.close().then(
        () => resolveExit(0),
        () => resolveExit(1),
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
