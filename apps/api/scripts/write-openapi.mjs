#!/usr/bin/env node
// `npm run openapi`: writes apps/api/openapi.json (or the file given as argument) from the built app, as the
// running api serves it, on a temporary database (creating the app connects to one). The dashboard's typed client
// is generated from that file; test/openapi-document.test.ts fails when it is stale.
import { createTestDatabase } from '@certdesk/persistence/testing';
import { loadConfig } from '../dist/config/config.js';
import { createApp } from '../dist/create-app.js';
import { OPENAPI_DOCUMENT_FILE, writeOpenApiDocument } from '../dist/openapi-document.js';

const database = await createTestDatabase();
try {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '1',
    TOKEN_SECRET: 'openapi-document-only-not-a-secret-0000',
  });
  const app = await createApp(config, { logger: ['error'] });
  try {
    const file = process.argv[2] ?? OPENAPI_DOCUMENT_FILE;
    await writeOpenApiDocument(app, file);
    console.log(`wrote ${file}`);
  } finally {
    await app.close();
  }
} finally {
  await database.drop();
}
