// Installs the npm dependencies when they are missing or older than the lockfile.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { mustRun, say } from './run.mjs';

export async function ensureNpmDependencies(root) {
  const installed = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  say('installing npm dependencies…');
  // `npm install`, not `npm ci`: it installs what the lockfile pins, but tolerates a lockfile that lacks other
  // platforms' optional binaries (@swc/core-darwin-*, ...). The registry mirror of our CI machines serves only the
  // Linux ones, so the lockfiles written there never list the others, and `npm ci` refuses such a lockfile.
  await mustRun('npm', ['install', '--no-audit', '--no-fund'], { cwd: root });
}
