import { jestProjectConfig } from '../../jest.preset.mjs';

// Provisioning a SoftHSM2 token (test PKI keys, softhsm2-util, pkcs11-tool) takes seconds on a busy machine.
export default jestProjectConfig('card-bridge', { testTimeout: 60_000 });
