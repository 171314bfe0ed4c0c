import type { IncomingMessage, ServerResponse } from 'node:http';

/** The api's own answers: people, SSINs, tokens, certificates. Not its documentation (/api/docs). */
const API_ANSWER_PATH = /^\/api\/v1(\/|\?|$)/;

/**
 * `Cache-Control: no-store` on every api answer, errors included, unless the route sets its own: without it a
 * browser may keep the answers in its disk cache, where the next user of a shared PC can read them. The calendar
 * feed (/calendar) and the dashboard's files keep their own caching.
 */
export function noStoreApiAnswers() {
  return (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void): void => {
    if (API_ANSWER_PATH.test(request.url ?? '')) response.setHeader('Cache-Control', 'no-store');
    next();
  };
}
