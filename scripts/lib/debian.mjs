// Installs the Debian packages the tests need (SoftHSM2 as a test eID, Chromium for the dashboard),
// only those missing, and only where apt-get exists.
import { spawnSync } from 'node:child_process';
import { hasCommand, mustRun, say } from './run.mjs';

function isInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

export async function ensureDebianPackages(packages) {
  if (process.platform !== 'linux' || !hasCommand('dpkg-query')) return { missing: [] };
  const missing = packages.filter((p) => !isInstalled(p));
  if (missing.length === 0) return { missing };
  if (!hasCommand('apt-get')) return { missing };
  const asRoot = process.getuid?.() === 0;
  if (!asRoot && !hasCommand('sudo')) {
    say(`missing Debian packages (install them as root): ${missing.join(' ')}`);
    return { missing };
  }
  const [command, ...prefix] = asRoot ? ['apt-get'] : ['sudo', '-n', 'apt-get'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  say(`installing Debian packages: ${missing.join(' ')}…`);
  const apt = (args) => mustRun(command, [...prefix, ...args], { env });
  await apt(['-o', 'Dpkg::Use-Pty=0', '-qq', 'update']);
  await apt(['-o', 'Dpkg::Use-Pty=0', '-qq', 'install', '-y', '--no-install-recommends', ...missing]);
  return { missing: missing.filter((p) => !isInstalled(p)) };
}
