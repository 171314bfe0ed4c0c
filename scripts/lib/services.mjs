// Makes sure Postgres and Redis answer before the stack or the tests start. Where nothing answers on a
// loopback address, starts the machine's own server (Debian's cluster, or redis-server); it never
// touches a remote server.
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { hasCommand, run, say } from './run.mjs';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/certdesk';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

function canConnect(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitFor(host, port, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await canConnect(host, port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const isLoopback = (host) => ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);

function endpoint(url, defaultPort) {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || defaultPort) };
}

export async function ensurePostgres(databaseUrl) {
  const { host, port } = endpoint(databaseUrl, 5432);
  if (await canConnect(host, port)) return;
  if (!isLoopback(host)) throw new Error(`DATABASE_URL: no Postgres answers at ${host}:${port}`);
  if (hasCommand('pg_ctlcluster')) {
    const versions = readdirSync('/etc/postgresql', { withFileTypes: true }).filter((d) => d.isDirectory());
    for (const version of versions) {
      say(`starting the local Postgres ${version.name} cluster…`);
      await run('pg_ctlcluster', ['--skip-systemctl-redirect', version.name, 'main', 'start']);
    }
    if (await waitFor(host, port, 20)) return;
  }
  throw new Error(
    `DATABASE_URL: no Postgres answers at ${host}:${port}. Start one (docker compose up -d postgres) or set DATABASE_URL.`,
  );
}

export async function ensureRedis(redisUrl) {
  const { host, port } = endpoint(redisUrl, 6379);
  if (await canConnect(host, port)) return;
  if (!isLoopback(host)) throw new Error(`REDIS_URL: no Redis answers at ${host}:${port}`);
  if (hasCommand('redis-server')) {
    say(`starting a local Redis on port ${port}…`);
    // noeviction: BullMQ must never lose a job to memory pressure.
    await run('redis-server', [
      '--daemonize',
      'yes',
      '--bind',
      '127.0.0.1',
      '-::1',
      '--port',
      String(port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
    ]);
    if (await waitFor(host, port, 10)) return;
  }
  throw new Error(
    `REDIS_URL: no Redis answers at ${host}:${port}. Start one (docker compose up -d redis) or set REDIS_URL.`,
  );
}
