#!/usr/bin/env node
// The `certdesk` command. It runs the compiled CLI; on a fresh install (nothing compiled yet) it compiles it first,
// once, so `npx certdesk` works right after `npm install`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, '..', 'dist', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('certdesk: compiling the CLI (first run)…\n');
  const tsc = spawnSync(
    process.execPath,
    [
      join(here, '..', '..', '..', 'node_modules', 'typescript', 'bin', 'tsc'),
      '-b',
      join(here, '..', 'tsconfig.app.json'),
    ],
    {
      stdio: 'inherit',
    },
  );
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}
const { run } = await import(pathToFileURL(main).href);
process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
