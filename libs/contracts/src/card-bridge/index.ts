// The card-bridge's wire contract: routes, error codes and DTOs, shared by the bridge, the dashboard and the api.
export * from './constants.js';
export * from './errors.js';
export * from './card.js';
export * from './keystores.js';
export * from './keystore-check.js';
export * from './card-check.js';
