import type { Response } from 'supertest';
import { bearer, type TestApp } from './test-app.js';

/** supertest keeps a zip's body as bytes only when told to. */
function binary(response: NodeJS.ReadableStream, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
}

/** GET an evidence pack (`path` under /api/v1), its body as bytes. */
export function getEvidence(t: TestApp, token: string, path: string): Promise<Response> {
  return t
    .http()
    .get(`/api/v1/${path}`)
    .set(bearer(token))
    .buffer(true)
    .parse(binary as never)
    .then((response) => response);
}
