// @certdesk/etk-depot: asks the eHealth ETK Depot (SOAP 1.1, anonymous) which ETKs it publishes for an identifier.
// docs/etk-directory.md says what is asked, when, and what each answer means.
export {
  type DepotEnvironment,
  DEPOT_ENVIRONMENTS,
  ETK_DEPOT_ENDPOINTS,
  type EtkDepotSettings,
  EtkDepotSettingsError,
  checkDepotUrl,
  etkDepotSettingsFromEnv,
} from './config.js';
export {
  type DepotLookup,
  type DepotRequestEvent,
  type DepotRequestOutcome,
  type DiscoveredEtk,
  EtkDepotClient,
  type EtkDepotClientOptions,
  type EtkDiscovery,
  type EtkQuery,
  depotIdentifier,
} from './client.js';
export { EtkDepot, type EtkDepotOptions } from './depot.js';
export { EtkDepotError, type EtkDepotErrorCode } from './errors.js';
export { type BeforeRequest, createRateLimiter } from './rate-limit.js';
export {
  type DepotIdentifier,
  type DepotMessage,
  EHEALTH_CORE_NS,
  ETK_DEPOT_NS,
  type GetEtkAnswer,
  SOAP_ENVELOPE_NS,
} from './soap.js';
