// Queue names, job payloads and DTOs shared across apps: one definition each.
export * from './outbox.js';
export * from './queues.js';
export * from './etk-discovery.js';
export * from './cut-over-reminders.js';
export * from './audit-verification.js';
export * from './webhooks.js';
export * from './redis-endpoint.js';
export * from './readiness-variables.js';
export * from './card-bridge/index.js';
