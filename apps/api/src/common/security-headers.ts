import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import { CARD_BRIDGE_HOST } from '@certdesk/contracts';

type Middleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/** The dashboard's policy, sent with every answer: scripts and styles from the api's own files only, no framing. */
const DASHBOARD_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  // The card-bridge answers on loopback, on the port the user types in the dashboard.
  'connect-src': ["'self'", `http://${CARD_BRIDGE_HOST}:*`],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  // Off: it would turn the card-bridge's http://127.0.0.1 into https, and a plain-http installation's own requests.
  'upgrade-insecure-requests': null,
};

/** Swagger UI (/api/docs) writes inline styles; its scripts are still files of its own. */
const API_DOCS_DIRECTIVES = { ...DASHBOARD_DIRECTIVES, 'style-src': ["'self'", "'unsafe-inline'"] };

const API_DOCS_PATH = /^\/api\/docs(\/|$)/;

/**
 * helmet's headers on every answer (api, dashboard, errors): Content-Security-Policy with `frame-ancestors 'none'`,
 * X-Frame-Options DENY, X-Content-Type-Options nosniff, Referrer-Policy no-referrer, and helmet's other defaults.
 */
export function securityHeaders(): Middleware {
  const common = {
    frameguard: { action: 'deny' as const },
    referrerPolicy: { policy: 'no-referrer' as const },
  };
  const dashboard = helmet({ ...common, contentSecurityPolicy: { directives: DASHBOARD_DIRECTIVES } });
  const apiDocs = helmet({ ...common, contentSecurityPolicy: { directives: API_DOCS_DIRECTIVES } });
  return (request, response, next) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    (API_DOCS_PATH.test(path) ? apiDocs : dashboard)(request, response, next);
  };
}
