#!/usr/bin/env node
// `npm run demo:card [-- <holder>] [-- --port N] [-- --origin URL]`: a card-bridge with a demo manager's eID card in
// it, for the demo `npm start` runs. The card is a SoftHSM2 token (Linux) holding the eID certificates and keys that
// `npm start` made for that person in .certdesk/demo-eid, from the demo test PKI the demo api trusts: the dashboard
// pairs with the bridge, logs the holder in with the card and signs handovers with it, as with a real eID. Ctrl-C
// stops the bridge and removes the token.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureDebianPackages } from './lib/debian.mjs';
import { mustRun, say } from './lib/run.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const demoEidDir = join(root, '.certdesk', 'demo-eid');
const bridgeCommand = join(root, 'apps', 'card-bridge', 'bin', 'certdesk-card-bridge.js');
const built = {
  bridge: join(root, 'apps', 'card-bridge', 'dist', 'main.js'),
  testing: join(root, 'apps', 'card-bridge', 'dist', 'testing', 'index.js'),
  directory: join(root, 'apps', 'api', 'dist', 'demo', 'demo-directory.js'),
};
const load = (path) => import(pathToFileURL(path).href);

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { port: { type: 'string' }, origin: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (!Object.values(built).every((path) => existsSync(path))) {
    say('building the card-bridge…');
    await mustRun(process.execPath, [
      join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-b',
      join(root, 'apps', 'card-bridge', 'tsconfig.lib.json'),
      join(root, 'apps', 'api', 'tsconfig.app.json'),
    ]);
  }
  const { DEMO_CARD_HOLDERS, DEMO_CARD_PIN } = await load(built.directory);
  if (values.help) {
    console.log(usage(DEMO_CARD_HOLDERS));
    return 0;
  }
  const key = positionals[0] ?? DEMO_CARD_HOLDERS[0].key;
  const holder = DEMO_CARD_HOLDERS.find((candidate) => candidate.key === key);
  if (!holder || positionals.length > 1) {
    console.error(`No demo card "${positionals.join(' ')}".\n\n${usage(DEMO_CARD_HOLDERS)}`);
    return 2;
  }
  const cardFile = join(demoEidDir, `card-${holder.key}.json`);
  if (!existsSync(cardFile)) {
    console.error(
      'The demo eID cards are made by `npm start` (with its demo data, SEED_DEMO unset): start the demo first, then run this in another terminal.',
    );
    return 1;
  }
  if (process.platform !== 'linux') {
    console.error(
      'The demo card is a SoftHSM2 token: it runs on Linux (Debian or Ubuntu installs SoftHSM2 here).',
    );
    return 1;
  }
  const { missing } = await ensureDebianPackages(['softhsm2', 'opensc']);
  if (missing.length) {
    console.error(`The demo card needs these packages: ${missing.join(' ')}`);
    return 1;
  }

  const testing = await load(built.testing);
  if (testing.TEST_PIN !== DEMO_CARD_PIN) {
    throw new Error(`the test token's PIN (${testing.TEST_PIN}) is not the one the log-in page shows`);
  }
  const card = JSON.parse(readFileSync(cardFile, 'utf8'));
  const token = await testing.provisionEidToken(card.keyAlgorithm, {
    ssin: card.ssin,
    givenName: card.givenName,
    surname: card.surname,
    pki: storedCard(card),
  });
  const origin = values.origin ?? process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  // Typed on this terminal, as a real eID asks; without a terminal (a script, a test) a PIN program answers.
  const interactive = Boolean(process.stdin.isTTY);
  const pinArgs = interactive
    ? []
    : ['--pin-program', await testing.writePinProgram(token.dir, 'pin.sh', `echo ${DEMO_CARD_PIN}`)];
  mkdirSync(join(demoEidDir, 'keystores'), { recursive: true });
  console.log(`
  Demo eID card of ${card.name} (SSIN ${card.ssin}), PIN ${DEMO_CARD_PIN}${interactive ? ' (typed here when asked)' : ''}
  In the dashboard (${origin}): "Find the card-bridge", type the pairing code printed below, then
  "Log in with my eID", or sign a handover. Ctrl-C removes the card.
`);
  const bridge = spawn(
    process.execPath,
    [
      bridgeCommand,
      '--module',
      testing.SOFTHSM_MODULE,
      '--allowed-origin',
      origin,
      ...(values.port ? ['--port', values.port] : []),
      ...pinArgs,
    ],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        SOFTHSM2_CONF: token.config,
        CERTDESK_KEYSTORE_DIR: join(demoEidDir, 'keystores'),
        CERTDESK_SIGNATURE_LOG: join(demoEidDir, `signatures-${holder.key}.jsonl`),
      },
    },
  );
  // Ctrl-C on the terminal reaches the bridge itself (same process group); a SIGTERM to this script is passed on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => bridge.kill('SIGTERM'));
  const [code, signal] = await new Promise((resolve) =>
    bridge.once('exit', (...outcome) => resolve(outcome)),
  );
  await token.cleanup();
  return code ?? (signal === 'SIGTERM' || signal === 'SIGINT' ? 0 : 1);
}

/**
 * The stored card as the test PKI the token provisioning asks for: it hands out the certificates `npm start` made
 * (from the PKI whose root the demo api trusts) instead of minting new ones.
 */
function storedCard(card) {
  const der = (base64) => new Uint8Array(Buffer.from(base64, 'base64'));
  const certificate = (stored) => ({
    der: der(stored.certificate),
    privateKeyPkcs8: der(stored.privateKeyPkcs8),
    keyAlgorithm: stored.keyAlgorithm,
  });
  const issued = { authentication: certificate(card.authentication), signature: certificate(card.signature) };
  return {
    root: { certificate: { der: der(card.root) } },
    citizenCa: { certificate: { der: der(card.citizenCa) } },
    issueCitizenCertificates: async () => issued,
  };
}

function usage(holders) {
  return [
    'npm run demo:card [-- <holder>] [-- --port N] [-- --origin URL]',
    '',
    `  <holder>      whose card: ${holders.map((h) => `${h.key} (${h.givenName} ${h.surname})`).join(', ')}`,
    `                (default ${holders[0].key})`,
    '  --port N      the card-bridge port (default: the one the dashboard looks for first)',
    '  --origin URL  the dashboard the bridge serves (default PUBLIC_URL, else http://localhost:3000)',
  ].join('\n');
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
