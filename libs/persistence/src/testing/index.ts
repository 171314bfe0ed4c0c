export * from './test-database.js';
export * from './audit-tampering.js';
