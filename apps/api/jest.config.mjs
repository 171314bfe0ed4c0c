import { jestProjectConfig } from '../../jest.preset.mjs';

// Integration tests start the whole api on a fresh database; argon2 makes each log-in cost real CPU.
export default jestProjectConfig('api', { testTimeout: 60_000 });
