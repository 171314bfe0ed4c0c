// @certdesk/card-bridge: the local eID signing bridge, as a library (the `certdesk` CLI and the tests start
// it this way) and as the `certdesk-card-bridge` command (main).
export {
  type BridgeLogger,
  CARD_BRIDGE_VERSION,
  type CardBridgeOptions,
  type RunningCardBridge,
  startCardBridge,
} from './bridge.js';
export {
  type CardBridgeConfig,
  ConfigError,
  USAGE,
  defaultModulePath,
  parseCardBridgeConfig,
} from './config.js';
export { CardBridgeError } from './errors.js';
export { main } from './main.js';
export { type PinEntry, type PinRequest, ProgramPinEntry, TerminalPinEntry } from './card/pin-entry.js';
export type { Pkcs11Api } from './pkcs11/pkcs11-api.js';
export { Pkcs11Thread } from './pkcs11/pkcs11-thread.js';
