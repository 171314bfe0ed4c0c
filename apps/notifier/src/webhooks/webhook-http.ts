import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkWebhookUrl, isPublicAddress } from '@certdesk/domain';
import { WEBHOOK_RESPONSE_EXCERPT_CHARS } from '@certdesk/contracts';

export interface WebhookResponse {
  statusCode: number | null;
  /** Why no answer came; never the URL (a Teams URL's query is its credential). */
  error: string | null;
  responseExcerpt: string | null;
  durationMs: number;
}

/** How much of an answer is read before the connection is closed: the log keeps an excerpt only. */
const READ_AT_MOST = 16 * 1024;

/**
 * One POST to a receiver, guarded: the URL's rules again (libs/domain), every address its host resolves to must be
 * public unless private networks are allowed (checked in the connection's own lookup, so a name cannot resolve to a
 * public address for the check and a private one for the connection), redirects not followed, one deadline for the
 * whole exchange, and only an excerpt of the answer kept.
 */
export async function postWebhook(
  target: string,
  body: string,
  headers: Record<string, string>,
  options: { allowPrivateNetworks: boolean; timeoutMs: number },
): Promise<WebhookResponse> {
  const started = Date.now();
  const done = (partial: Omit<WebhookResponse, 'durationMs'>): WebhookResponse => ({
    ...partial,
    durationMs: Date.now() - started,
  });
  const checked = checkWebhookUrl(target, { allowPrivateNetworks: options.allowPrivateNetworks });
  if (!checked.ok) return done({ statusCode: null, error: checked.message, responseExcerpt: null });
  const url = checked.value;
  const client = url.protocol === 'https:' ? https : http;

  return new Promise<WebhookResponse>((resolve) => {
    let settled = false;
    const finish = (result: Omit<WebhookResponse, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(result));
    };
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        lookup: guardedLookup(options.allowPrivateNetworks),
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let length = 0;
        const end = () => {
          const text = Buffer.concat(chunks).toString('utf8');
          finish({
            statusCode: response.statusCode ?? null,
            error: null,
            responseExcerpt: excerpt(text),
          });
          response.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          length += chunk.length;
          if (length >= READ_AT_MOST) end();
        });
        response.on('end', end);
        response.on('error', end);
      },
    );
    const timer = setTimeout(() => {
      request.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      finish({ statusCode: null, error: describe(error), responseExcerpt: null });
    });
    request.end(body);
  });
}

/** The receiver's answer as the delivery log keeps it: its start, on one line. */
function excerpt(text: string): string | null {
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (!line) return null;
  return line.length > WEBHOOK_RESPONSE_EXCERPT_CHARS
    ? `${line.slice(0, WEBHOOK_RESPONSE_EXCERPT_CHARS)}…`
    : line;
}

function describe(error: NodeJS.ErrnoException): string {
  return (error.code ? `${error.code}: ` : '') + error.message.slice(0, 300);
}

export class PrivateAddressError extends Error {
  readonly code = 'PRIVATE_ADDRESS';
  constructor(address: string) {
    super(
      `the receiver's name resolves to ${address}, a loopback or private address (WEBHOOK_ALLOW_PRIVATE_NETWORKS)`,
    );
  }
}

/** dns.lookup, refusing any non-public address unless allowed; answers in whichever form Node asked for. */
function guardedLookup(allowPrivateNetworks: boolean): LookupFunction {
  return ((hostname: string, options: LookupOptions, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error);
      const refused = allowPrivateNetworks ? undefined : addresses.find((a) => !isPublicAddress(a.address));
      if (refused) return callback(new PrivateAddressError(refused.address));
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      if (!first) return callback(new Error(`${hostname} has no address`));
      return callback(null, first.address, first.family);
    });
  }) as LookupFunction;
}
