// Builds the PKCS#12 KDF binding (native/pkcs12-kdf.c) when build/Release/pkcs12_kdf.node is missing: `npm install`
// builds it, but a tree whose node_modules predates binding.gyp, or whose build/ was removed, never runs that step
// again. Run before the pki tests (jest globalSetup) and its bench, so both say which KDF ran instead of quietly
// measuring the JavaScript loop. A machine without a C compiler keeps the fallback (the install script's warning).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BINDING = join(packageRoot, 'build', 'Release', 'pkcs12_kdf.node');

export default function ensureBindingBuilt() {
  if (existsSync(BINDING)) return;
  console.log('@certdesk/pki: building the native PKCS#12 key derivation (node-gyp)…');
  // npm runs the package's own install script (node-gyp rebuild, npm's node-gyp and Node's headers).
  spawnSync('npm', ['run', 'install'], {
    cwd: packageRoot,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureBindingBuilt();
