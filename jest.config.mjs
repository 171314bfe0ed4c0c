// The root Jest configuration: every workspace package that has a jest.config.mjs is a project, so one
// `jest` run shares one worker pool and one summary.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = import.meta.dirname;
const packageDirs = ['libs', 'apps'].flatMap((group) =>
  readdirSync(join(root, group), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(root, group, d.name)),
);
packageDirs.push(join(root, 'test'));

export default {
  // A global option (Jest ignores it inside projects): integration suites start the api on a fresh database,
  // hash passwords with argon2 and drive tokens and browsers on a 2-core machine.
  testTimeout: 120_000,
  // Node's vm.SourceTextModule is never collected (nodejs/node#59118), so under --experimental-vm-modules each suite's
  // whole module graph stays in the process that ran it: about 40 MB an api suite, 8 GB by the end of CI, where every
  // major GC then walks the lot. A memory limit makes Jest run suites in a worker (one, on two cores) and start a
  // fresh one once a suite leaves it above the limit (global option, like testTimeout).
  workerIdleMemoryLimit: '1GB',
  projects: packageDirs.filter((dir) => existsSync(join(dir, 'jest.config.mjs'))),
};
