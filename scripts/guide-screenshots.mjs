#!/usr/bin/env node
// `npm run guide:screenshots`: runs the dashboard's browser tests with GUIDE_SCREENSHOTS=1, so the pictures they take
// for the user's guide are copied to docs/guide/screenshots (commit them with the guide's text).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = spawnSync(process.execPath, [join(root, 'scripts', 'test.mjs'), 'apps/dashboard/test'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, GUIDE_SCREENSHOTS: '1' },
});
process.exit(result.status ?? 1);
