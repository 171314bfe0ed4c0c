// A plain node:http client for the tests: fetch would not let a test send a foreign Host header.
import { request } from 'node:http';
import { CARD_BRIDGE_ROUTES } from '@certdesk/contracts';

export const DASHBOARD_ORIGIN = 'https://certdesk.test';

export interface CallOptions {
  method?: string;
  path: string;
  /** Default DASHBOARD_ORIGIN; null sends no Origin header. */
  origin?: string | null;
  /** Default 127.0.0.1:<port>. */
  host?: string;
  token?: string;
  body?: unknown;
  rawBody?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export function call(port: number, options: CallOptions): Promise<CallResult> {
  const payload =
    options.rawBody ?? (options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body)));
  const headers: Record<string, string> = { host: options.host ?? `127.0.0.1:${port}`, ...options.headers };
  const origin = options.origin === undefined ? DASHBOARD_ORIGIN : options.origin;
  if (origin !== null) headers.origin = origin;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (payload !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
        path: options.path,
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Pairs DASHBOARD_ORIGIN (or `origin`): asks for a code, reads it where the bridge showed it, exchanges it. */
export async function pair(port: number, shownCodes: string[], origin = DASHBOARD_ORIGIN): Promise<string> {
  const issued = await call(port, { path: CARD_BRIDGE_ROUTES.pairingCode, method: 'POST', origin });
  if (issued.status !== 200) throw new Error(`pairing code: ${issued.status} ${JSON.stringify(issued.body)}`);
  const code = shownCodes.at(-1);
  const paired = await call(port, { path: CARD_BRIDGE_ROUTES.pair, body: { code }, origin });
  if (paired.status !== 200) throw new Error(`pair: ${paired.status} ${JSON.stringify(paired.body)}`);
  return paired.body.token as string;
}
