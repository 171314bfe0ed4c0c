// Small process helpers for the set-up scripts. No dependencies: these run before `npm install`.
import { spawn, spawnSync } from 'node:child_process';

export const isWindows = process.platform === 'win32';

/** Runs a command with inherited stdio; resolves to its exit code. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', shell: isWindows, ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Runs a command and fails loudly when it fails. */
export async function mustRun(command, args, options = {}) {
  const code = await run(command, args, options);
  if (code !== 0) throw new Error(`\`${command} ${args.join(' ')}\` exited with ${code}`);
}

/** True when `command` is found on PATH. */
export function hasCommand(command) {
  return (
    spawnSync(isWindows ? 'where' : 'sh', isWindows ? [command] : ['-c', `command -v ${command}`], {
      stdio: 'ignore',
    }).status === 0
  );
}

export function say(message) {
  console.log(`\x1b[36m[certdesk]\x1b[0m ${message}`);
}
