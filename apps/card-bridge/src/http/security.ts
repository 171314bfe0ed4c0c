// Who may talk to the bridge: the Host header must name the loopback address and the bridge's port (a page
// that rebinds its own DNS name to 127.0.0.1 still sends its own name), and the Origin must be on the
// allow-list. CORS and Private Network Access answers go to allowed origins only.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** `https://dash.example.org/` -> `https://dash.example.org`; null when it is not an http(s) origin. */
export function normalizeOrigin(text: string): string | null {
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (
      url.username ||
      url.password ||
      (url.pathname !== '/' && url.pathname !== '') ||
      url.search ||
      url.hash
    )
      return null;
    return url.origin;
  } catch {
    return null;
  }
}

export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const names = ['127.0.0.1', 'localhost'];
  const allowed = names.map((name) => `${name}:${port}`);
  if (port === 80) allowed.push(...names);
  return allowed.includes(host.toLowerCase());
}

/** The request's origin when it is allowed, else null. */
export function allowedOrigin(request: IncomingMessage, allowedOrigins: ReadonlySet<string>): string | null {
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return null;
  const normalized = normalizeOrigin(origin);
  return normalized !== null && normalized === origin && allowedOrigins.has(normalized) ? normalized : null;
}

export function setCorsHeaders(response: ServerResponse, origin: string): void {
  response.setHeader('Access-Control-Allow-Origin', origin);
  response.setHeader('Vary', 'Origin');
}

/** Answers a CORS preflight from an allowed origin, with Private Network Access when the browser asks. */
export function answerPreflight(request: IncomingMessage, response: ServerResponse, origin: string): void {
  setCorsHeaders(response, origin);
  response.setHeader('Access-Control-Allow-Methods', 'GET, POST');
  response.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
  response.setHeader('Access-Control-Max-Age', '600');
  if (request.headers['access-control-request-private-network'] === 'true') {
    response.setHeader('Access-Control-Allow-Private-Network', 'true');
  }
  response.writeHead(204).end();
}
