import { jestProjectConfig } from '../../jest.preset.mjs';

// test/*.test.ts drive Debian's chromium through the whole stack (`npm start`'s build and start-up); the unit
// specs next to the code are pure logic.
export default jestProjectConfig('dashboard', { testTimeout: 240_000 });
