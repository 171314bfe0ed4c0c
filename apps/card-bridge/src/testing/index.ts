// @certdesk/card-bridge/testing: SoftHSM2 tokens provisioned like a Belgian eID card, for the bridge's own tests and
// the cross-app end-to-end tests. Test support: the bridge's runtime never imports it.
export {
  type EidToken,
  type ProvisionEidTokenOptions,
  type SoftHsm,
  SOFTHSM_MODULE,
  TEST_PIN,
  TEST_SSIN,
  blockUserPin,
  createSoftHsm,
  provisionEidToken,
  testPki,
  useSoftHsm,
  writePinProgram,
} from './softhsm.js';
export {
  type BridgeCommand,
  type BridgeCommandOptions,
  PAIRING_CODE_LINE,
  startBridgeCommand,
} from './bridge-command.js';
