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
  projects: packageDirs.filter((dir) => existsSync(join(dir, 'jest.config.mjs'))),
};
