import { inflateSync } from 'node:zlib';
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

/**
 * The text a PDF made by pdf-lib shows: its content streams inflated, each hex string drawn (`<…> Tj`) decoded from
 * WinAnsi (latin1 for the letters used here), one line per string.
 */
export function pdfText(pdf: Uint8Array): string {
  const bytes = Buffer.from(pdf);
  const raw = bytes.toString('latin1');
  const lines: string[] = [];
  for (const match of raw.matchAll(/\/FlateDecode[^]*?stream\r?\n/g)) {
    const start = match.index + match[0].length;
    let content: string;
    try {
      content = inflateSync(bytes.subarray(start, raw.indexOf('endstream', start))).toString('latin1');
    } catch {
      continue;
    }
    for (const [, hex] of content.matchAll(/<([0-9A-Fa-f]*)> Tj/g))
      lines.push(Buffer.from(hex!, 'hex').toString('latin1'));
  }
  return lines.join('\n');
}
