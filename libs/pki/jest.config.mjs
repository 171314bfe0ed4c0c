import { jestProjectConfig } from '../../jest.preset.mjs';

// The KDF tests expect the native binding: build it first where npm install has not (native/ensure-built.mjs).
export default jestProjectConfig('pki', { globalSetup: '<rootDir>/native/ensure-built.mjs' });
