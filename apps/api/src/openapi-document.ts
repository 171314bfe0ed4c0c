import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { buildOpenApiDocument } from './openapi.js';

/**
 * apps/api/openapi.json: the committed OpenAPI document the dashboard generates its typed client from (no
 * network, no database at its build). test/openapi-document.test.ts fails when it differs from the live one;
 * `npm run openapi` rewrites it.
 */
export const OPENAPI_DOCUMENT_FILE = fileURLToPath(new URL('../openapi.json', import.meta.url));

export async function writeOpenApiDocument(
  app: INestApplication,
  file = OPENAPI_DOCUMENT_FILE,
): Promise<void> {
  await writeFile(file, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
}
