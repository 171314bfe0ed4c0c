export * from './entities/index.js';
export * from './data-source.js';
export * from './database.js';
export * from './naming-strategy.js';
export { MIGRATIONS } from './migrations/index.js';
export * from './installation.js';
export * from './webhook-secret-box.js';
export * from './mute-sql.js';
export * from './sealed-text.js';
