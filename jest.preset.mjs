// Shared Jest configuration. The repo is ESM (see docs/decisions.md): Jest runs with
// --experimental-vm-modules, @swc/jest compiles TypeScript (with decorator metadata for NestJS),
// and workspace packages resolve to their TypeScript sources through the "@certdesk/source" condition.

import { join } from 'node:path';

/** @param {string} displayName @param {import('jest').Config} [overrides] @returns {import('jest').Config} */
export function jestProjectConfig(displayName, overrides = {}) {
  return {
    displayName,
    // Node's, with a watch that ends a test file holding its worker's main thread (see the file).
    testEnvironment: join(import.meta.dirname, 'scripts', 'lib', 'jest-stall-environment.mjs'),
    testEnvironmentOptions: {
      customExportConditions: ['@certdesk/source', 'node', 'node-addons'],
    },
    extensionsToTreatAsEsm: ['.ts', '.tsx'],
    moduleNameMapper: {
      // Source files import siblings as "./x.js" (NodeNext); Jest must find "./x.ts".
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    transform: {
      '^.+\\.(t|j)sx?$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', decorators: true, tsx: true },
            transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
            target: 'es2023',
            keepClassNames: true,
          },
          module: { type: 'es6' },
          sourceMaps: 'inline',
        },
      ],
    },
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.test.ts', '<rootDir>/src/**/*.spec.tsx'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    ...overrides,
  };
}
