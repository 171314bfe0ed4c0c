import { jestProjectConfig } from '../../jest.preset.mjs';

export default jestProjectConfig('etk-depot');
