// One POST to the depot, bounded: a time-out for the whole exchange, a cap on the answer's size, no redirects.
import { DepotAnswerError } from './soap.js';

export interface SoapPostOptions {
  timeoutMs: number;
  maxResponseBytes: number;
  signal?: AbortSignal;
}

export interface SoapReply {
  status: number;
  text: string;
}

/** The depot could not be asked: connection refused or reset, DNS, time-out. */
export class DepotUnreachableError extends Error {
  override readonly name = 'DepotUnreachableError';
}

export async function postSoap(url: string, envelope: string, options: SoapPostOptions): Promise<SoapReply> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""', accept: 'text/xml' },
      body: envelope,
      redirect: 'manual',
      signal,
    });
    const text = await boundedText(response, options.maxResponseBytes);
    return { status: response.status, text };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (error instanceof DepotAnswerError) throw error;
    if (timeout.aborted)
      throw new DepotUnreachableError(`the depot did not answer within ${options.timeoutMs / 1000} s`);
    throw new DepotUnreachableError(`the depot cannot be reached (${networkReason(error)})`);
  }
}

/** The body as UTF-8, refused past `limit` bytes (read in chunks: a huge answer never sits in memory whole). */
async function boundedText(response: Response, limit: number): Promise<string> {
  const tooLarge = () => new DepotAnswerError('garbage', `the depot's answer is larger than ${limit} bytes`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      received += chunk.byteLength;
      if (received > limit) {
        await response.body.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(chunk);
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new DepotAnswerError('garbage', "the depot's answer is not UTF-8 text");
  }
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}
