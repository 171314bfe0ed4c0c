// A plain node:http JSON client: the test plays the dashboard, so it must set Origin (and, for the bridge's
// DNS-rebinding check, a foreign Host) itself, which fetch would not let it do.
import { request as httpRequest } from 'node:http';

export interface CallOptions {
  method?: string;
  /** null sends no Origin header. */
  origin?: string | null;
  /** Default: the URL's host and port. */
  host?: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  body?: unknown;
}

export interface CallResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export function call(url: string, options: CallOptions = {}): Promise<CallResult> {
  const target = new URL(url);
  const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
  const headers: Record<string, string> = { host: options.host ?? target.host, accept: 'application/json' };
  if (options.origin) headers.origin = options.origin;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      target,
      { method: options.method ?? (payload ? 'POST' : 'GET'), headers },
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
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}
