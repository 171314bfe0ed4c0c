import { jestProjectConfig } from '../../jest.preset.mjs';

export default jestProjectConfig('cli', { testTimeout: 60_000 });
