#!/usr/bin/env node
// `npm start`: installs what is missing, makes sure Postgres and Redis answer (starting the machine's own when
// none does), builds, starts Certdesk's services, seeds the demo on an empty database, and prints where to go.
// The demo (unless SEED_DEMO=false) also trusts a demo eID test PKI it makes in .certdesk/demo-eid, whose cards
// `npm run demo:card` puts in a card-bridge. Ctrl-C stops every service cleanly.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureNpmDependencies } from './lib/dependencies.mjs';
import { localSecret } from './lib/secrets.mjs';
import { mustRun, say } from './lib/run.mjs';
import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, ensurePostgres, ensureRedis } from './lib/services.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The same as DEMO_ADMIN in apps/api/src/demo/demo-directory.ts (the log-in page lists it while it is this one).
const DEMO_ADMIN = { email: 'admin@certdesk.demo', password: 'certdesk-demo-admin' };
const seedDemo = (process.env.SEED_DEMO ?? 'true') !== 'false';

const env = {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  PORT: process.env.PORT ?? '3000',
  DATABASE_URL: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
  REDIS_URL: process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
  TOKEN_SECRET: process.env.TOKEN_SECRET ?? localSecret(root, 'TOKEN_SECRET'),
  ADMIN_EMAIL: process.env.ADMIN_EMAIL ?? DEMO_ADMIN.email,
  ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? (process.env.ADMIN_EMAIL ? undefined : DEMO_ADMIN.password),
};
env.PUBLIC_URL = process.env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
// The demo's log-in page lists its log-ins; the api refuses that in production.
if (seedDemo && env.NODE_ENV !== 'production') env.DEMO = process.env.DEMO ?? 'true';

// Without SMTP_URL, mail goes to a local mail catcher (apps/notifier/src/mail-catcher): nothing is delivered, every
// message is kept as an .eml in .certdesk/mail/ and shown on a page.
const mailCatcher = process.env.SMTP_URL
  ? null
  : {
      smtpPort: process.env.MAIL_CATCHER_SMTP_PORT ?? '1025',
      pageUrl: `http://127.0.0.1:${process.env.MAIL_CATCHER_HTTP_PORT ?? '1080'}/`,
    };
if (mailCatcher) env.SMTP_URL = `smtp://127.0.0.1:${mailCatcher.smtpPort}`;

/** The long-running services, each a Node process started from its compiled entry point. */
const SERVICES = [
  ...(mailCatcher
    ? [{ name: 'mail-catcher', entry: join(root, 'apps', 'notifier', 'dist', 'mail-catcher', 'main.js') }]
    : []),
  { name: 'api', entry: join(root, 'apps', 'api', 'dist', 'main.js') },
  // Reminders: waits for the api's migrations, then scans daily (REMINDER_CRON) and mails through SMTP_URL.
  { name: 'notifier', entry: join(root, 'apps', 'notifier', 'dist', 'main.js') },
];

const children = new Map();
let stopping = false;

function startService({ name, entry }) {
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `\x1b[35m[${name}]\x1b[0m `;
  const relay = (stream, out) => {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) out.write(`${prefix}${line}\n`);
    });
  };
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      say(`${name} stopped (${signal ?? `exit ${code}`}); stopping the others`);
      void stop(code || 1);
    } else if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
  children.set(name, child);
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  say('stopping…');
  // When systemd or a container runtime stops the whole process group, each service has already had a SIGTERM
  // and gets this one too: every service stops once however many it hears (the notifier: stopOnSignals).
  for (const child of children.values()) child.kill('SIGTERM');
  setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(code);
  }, 10_000).unref();
  if (children.size === 0) process.exit(code);
}

async function waitForHealth(url, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (stopping) return false;
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

async function main() {
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  await ensureNpmDependencies(root);
  await ensurePostgres(env.DATABASE_URL);
  await ensureRedis(env.REDIS_URL);
  say('building…');
  await mustRun(
    join(root, 'node_modules', '.bin', 'nx'),
    ['run-many', '-t', 'build', '--outputStyle=static'],
    {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    },
  );
  const demoEid = env.DEMO === 'true' && !process.env.EID_TRUST_ANCHORS ? await prepareDemoEid() : null;
  if (demoEid) env.EID_TRUST_ANCHORS = demoEid.trustAnchorsPath;
  for (const service of SERVICES) startService(service);

  const apiUrl = `http://127.0.0.1:${env.PORT}`;
  if (!(await waitForHealth(`${apiUrl}/health`, 60))) {
    if (!stopping) {
      say('the api did not become healthy within 60 s');
      await stop(1);
    }
    return;
  }
  if (seedDemo) {
    await mustRun(process.execPath, [join(root, 'apps', 'api', 'dist', 'demo', 'seed-demo.js')], {
      env: { ...env, CERTDESK_API_URL: apiUrl },
    });
  }
  const login =
    env.ADMIN_PASSWORD === DEMO_ADMIN.password
      ? `${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`
      : `${env.ADMIN_EMAIL} (ADMIN_PASSWORD)`;
  console.log(`
  Certdesk is running: ${env.PUBLIC_URL}
    log in as        ${login}
    API documentation ${env.PUBLIC_URL}/api/docs${mailCatcher ? `\n    mail (caught)     ${mailCatcher.pageUrl}` : ''}${
      env.DEMO === 'true' ? '\n    demo log-ins      listed on the log-in page' : ''
    }${demoEid ? '\n    demo eID card     npm run demo:card   (in another terminal; then "Log in with my eID")' : ''}
  Ctrl-C stops it.
`);
}

/**
 * The demo eID test PKI (made once, kept in .certdesk/demo-eid): its root and Citizen CA become the api's
 * EID_TRUST_ANCHORS, so the demo cards of `npm run demo:card` log in and sign. Never used outside the demo.
 */
async function prepareDemoEid() {
  const module = pathToFileURL(join(root, 'apps', 'api', 'dist', 'demo', 'demo-eid.js')).href;
  const { ensureDemoEid } = await import(module);
  return ensureDemoEid(join(root, '.certdesk', 'demo-eid'));
}

main().catch(async (error) => {
  console.error(error instanceof Error ? error.message : error);
  await stop(1);
});
