// The mail catcher's page: the caught messages, newest first (date, to, subject); one message's text and HTML.
// Plain node:http: a few read-only routes on loopback do not need a framework. Every value is escaped, and a
// message's own HTML is shown in a sandboxed frame that can run nothing and load nothing from outside.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BRUSSELS_TIME_ZONE } from '@certdesk/domain';
import { escapeHtml } from '../templates/html.js';
import { type MailStore, type StoredMessageSummary } from './mail-store.js';

/** The list shows this many; the folder keeps them all. */
export const LISTED_MESSAGES = 500;

const PAGE_SECURITY = "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; img-src 'self' data:";
const MESSAGE_HTML_SECURITY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const brusselsTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: BRUSSELS_TIME_ZONE,
});

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 16px; color: #111827; }
  table { border-collapse: collapse; width: 100%; font-size: 14px; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
  th { background: #f3f4f6; }
  td.when { white-space: nowrap; color: #4b5563; }
  a { color: #1d4ed8; }
  pre { white-space: pre-wrap; word-break: break-word; background: #f9fafb; padding: 12px; border: 1px solid #e5e7eb; }
  iframe { width: 100%; height: 70vh; border: 1px solid #e5e7eb; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; }
  dt { color: #4b5563; }
`;

function page(title: string, body: string, refreshSeconds?: number): string {
  const refresh = refreshSeconds ? `<meta http-equiv="refresh" content="${refreshSeconds}">` : '';
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">${refresh}` +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>\n`
  );
}

function listPage(directory: string, total: number, messages: StoredMessageSummary[]): string {
  const rows = messages
    .map(
      (message) =>
        `<tr><td class="when">${escapeHtml(brusselsTime.format(message.receivedAt))}</td>` +
        `<td>${escapeHtml(message.to)}</td>` +
        `<td><a href="/messages/${message.id}">${escapeHtml(message.subject || '(no subject)')}</a></td></tr>`,
    )
    .join('');
  const shown = total > messages.length ? ` (the newest ${messages.length} shown)` : '';
  return page(
    'Certdesk mail catcher',
    `<h1>Certdesk mail catcher</h1>` +
      `<p>Mail sent to this local SMTP server is kept here, not delivered. ${total} message${total === 1 ? '' : 's'}` +
      `${shown}, newest first; the .eml files are in <code>${escapeHtml(directory)}</code>. Times are Brussels time.</p>` +
      (total === 0
        ? '<p>No mail yet.</p>'
        : `<table><thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>`),
    15,
  );
}

export function createInboxServer(store: MailStore): Server {
  return createServer((request, response) => {
    handle(store, request, response).catch((error: unknown) => {
      if (!response.headersSent)
        send(response, 500, 'text/plain; charset=utf-8', 'The mail catcher could not read that message.\n');
      else response.destroy();
      console.error('mail catcher:', error instanceof Error ? error.message : error);
    });
  });
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': PAGE_SECURITY,
    ...headers,
  });
  response.end(body);
}

async function handle(store: MailStore, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return send(response, 405, 'text/plain; charset=utf-8', 'The mail catcher is read-only.\n', {
      Allow: 'GET, HEAD',
    });
  }
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;

  if (path === '/') {
    const { total, messages } = await store.list(LISTED_MESSAGES);
    return send(response, 200, 'text/html; charset=utf-8', listPage(store.directory, total, messages));
  }
  if (path === '/health') return send(response, 200, 'text/plain; charset=utf-8', 'ok\n');
  if (path === '/messages.json') {
    const { total, messages } = await store.list(LISTED_MESSAGES);
    return send(response, 200, 'application/json; charset=utf-8', JSON.stringify({ total, messages }));
  }

  const route = /^\/messages\/([^/]+?)(\.eml|\/html)?$/.exec(path);
  if (route) {
    const [, id = '', suffix] = route;
    if (suffix === '.eml') {
      const raw = await store.raw(id);
      if (raw === null) return notFound(response);
      return send(response, 200, 'message/rfc822', raw, {
        'Content-Disposition': `attachment; filename="${id}.eml"`,
      });
    }
    const message = await store.read(id);
    if (message === null) return notFound(response);
    if (suffix === '/html') {
      if (message.html === null) return notFound(response);
      return send(response, 200, 'text/html; charset=utf-8', message.html, {
        'Content-Security-Policy': MESSAGE_HTML_SECURITY,
      });
    }
    return send(
      response,
      200,
      'text/html; charset=utf-8',
      page(
        message.subject || '(no subject)',
        `<p><a href="/">&larr; All messages</a> &middot; <a href="/messages/${id}.eml">Download .eml</a></p>` +
          `<h1>${escapeHtml(message.subject || '(no subject)')}</h1>` +
          `<dl><dt>Received</dt><dd>${escapeHtml(brusselsTime.format(message.receivedAt))}</dd>` +
          `<dt>From</dt><dd>${escapeHtml(message.from)}</dd><dt>To</dt><dd>${escapeHtml(message.to)}</dd></dl>` +
          `<h2>HTML</h2>${
            message.html === null
              ? '<p>No HTML part.</p>'
              : `<iframe sandbox title="The message's HTML" src="/messages/${id}/html"></iframe>`
          }` +
          `<h2>Text</h2>${message.text === null ? '<p>No text part.</p>' : `<pre>${escapeHtml(message.text)}</pre>`}`,
      ),
    );
  }
  return notFound(response);
}

function notFound(response: ServerResponse): void {
  send(response, 404, 'text/plain; charset=utf-8', 'No such message.\n');
}
