// What other packages (the end-to-end tests, the CLI) may use from the api.
export { createApp } from './create-app.js';
export { startWorkers } from './workers.js';
export { loadConfig, ConfigError, type AppConfig } from './config/config.js';
export { buildOpenApiDocument } from './openapi.js';
