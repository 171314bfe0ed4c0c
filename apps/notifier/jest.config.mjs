import { jestProjectConfig } from '../../jest.preset.mjs';

export default jestProjectConfig('notifier', { testTimeout: 60_000 });
