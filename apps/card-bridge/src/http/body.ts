// Reads a JSON request body within a size limit.
import type { IncomingMessage } from 'node:http';
import { CardBridgeError } from '../errors.js';

export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    throw new CardBridgeError(
      'UNSUPPORTED_MEDIA_TYPE',
      'The request body must be JSON (Content-Type: application/json).',
    );
  }
  const tooLarge = () =>
    new CardBridgeError('PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes.`);
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw tooLarge();
  const body = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      // Stop keeping it, but let the rest drain so the 413 answer reaches the client (the server's
      // request timeout bounds how long that may take).
      request.off('data', onData);
      request.resume();
      reject(tooLarge());
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new CardBridgeError('BAD_REQUEST', 'The request body is not valid JSON.');
  }
}
