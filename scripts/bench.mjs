#!/usr/bin/env node
// `npm run bench`: runs every package's benchmark (each prints its ratio against a baseline of the same run).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNpmDependencies } from './lib/dependencies.mjs';
import { run } from './lib/run.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await ensureNpmDependencies(root);
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const nx = join(root, 'node_modules', '.bin', 'nx');
process.exit(
  await run(
    nx,
    ['run-many', '-t', 'bench', '--parallel=1', '--outputStyle=stream', ...process.argv.slice(2)],
    { cwd: root, env },
  ),
);
