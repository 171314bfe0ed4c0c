import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
// The mail catcher `npm start` runs (apps/notifier), whose ports docker-compose.yml's catcher takes over.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { DEFAULT_HTTP_PORT, DEFAULT_SMTP_PORT } from '../apps/notifier/src/mail-catcher/config.js';

// Issue 10: docker-compose.yml, the Dockerfile and the README's commands agree with what `npm start` expects, so a
// newcomer who uses Docker for the services gets a working `npm start` by copying the README's line.
const ROOT = join(import.meta.dirname, '..');
const read = (file: string) => readFile(join(ROOT, file), 'utf8');

/** The lines of one service of docker-compose.yml (two-space indented under `services:`). */
function service(compose: string, name: string): string {
  const match = new RegExp(`\\n  ${name}:\\n((?:    .*\\n|\\s*\\n)+)`).exec(compose);
  if (!match) throw new Error(`docker-compose.yml has no service ${name}`);
  return match[1]!;
}

const value = (text: string, key: string) => {
  const match = new RegExp(`\\b${key}: (\\S+)`).exec(text);
  if (!match) throw new Error(`no ${key}`);
  return match[1]!;
};

/** The loopback port mapped to a container port: `'127.0.0.1:<host>:<container>'`. */
const hostPort = (text: string, containerPort: number) => {
  const match = new RegExp(`127\\.0\\.0\\.1:(\\d+):${containerPort}\\b`).exec(text);
  if (!match) throw new Error(`no loopback port for ${containerPort}`);
  return Number(match[1]);
};

describe('docker-compose.yml, the Dockerfile and the README agree with npm start', () => {
  it("the README's npm start line reaches compose's Postgres and mail catcher", async () => {
    const [compose, readme] = await Promise.all([read('docker-compose.yml'), read('README.md')]);
    const line = /^DATABASE_URL=(\S+) SMTP_URL=(\S+) npm start$/m.exec(readme);
    expect(line).not.toBeNull();
    const database = new URL(line![1]!);
    const smtp = new URL(line![2]!);

    const postgres = service(compose, 'postgres');
    expect(database.username).toBe(value(postgres, 'POSTGRES_USER'));
    expect(database.password).toBe(value(postgres, 'POSTGRES_PASSWORD'));
    expect(database.pathname).toBe(`/${value(postgres, 'POSTGRES_DB')}`);
    expect(database.hostname).toBe('127.0.0.1');
    expect(Number(database.port)).toBe(hostPort(postgres, 5432));

    // Compose's catcher listens where npm start's own would: the same SMTP port, its page on the same port.
    const catcher = service(compose, 'mailcatcher');
    expect(smtp.hostname).toBe('127.0.0.1');
    expect(Number(smtp.port)).toBe(hostPort(catcher, 1025));
    expect(hostPort(catcher, 1025)).toBe(DEFAULT_SMTP_PORT);
    expect(hostPort(catcher, 8025)).toBe(DEFAULT_HTTP_PORT);
    expect(readme).toContain(`http://127.0.0.1:${DEFAULT_HTTP_PORT}`);
  });

  it('the api has a healthcheck on /health, and the eID trust anchors are mounted where the api reads them', async () => {
    const api = service(await read('docker-compose.yml'), 'api');
    expect(api).toMatch(/healthcheck:[\s\S]*\/health/);
    const inContainer = /EID_TRUST_ANCHORS: \$\{EID_TRUST_ANCHORS:\+(\S+)\}/.exec(api)?.[1];
    expect(inContainer).toBeDefined();
    expect(api).toContain(`- \${EID_TRUST_ANCHORS:-/dev/null}:${inContainer}:ro`);
    const notifier = service(await read('docker-compose.yml'), 'notifier');
    expect(notifier).toMatch(/api: \{ condition: service_healthy \}/);
  });

  it('the image runs Node.js 22 LTS, as the README tells users', async () => {
    const dockerfile = await read('Dockerfile');
    const images = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(/^node:22-/);
    expect(await read('README.md')).toContain('Node.js 22 LTS');
  });
});
