import { jestProjectConfig } from '../jest.preset.mjs';

// Each file starts the api on its own database and card-bridge processes on SoftHSM2 tokens: slow to set up.
export default jestProjectConfig('e2e', { testMatch: ['<rootDir>/**/*.test.ts'], testTimeout: 120_000 });
