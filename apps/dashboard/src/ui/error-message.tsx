import { toApiError } from '../api/client.js';
import type { Messages } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';

/** The api's generic code for each HTTP status (apps/api common/http-exception.filter.ts). */
const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_ERROR',
};

/**
 * An api error in the reader's language, by its stable code, else by its HTTP status; never a raw code. `known` is
 * false when only the status (or nothing) had words: the api's own sentence (English) is then worth showing as a
 * detail.
 */
export function errorInWords(m: Messages, code: string, status = 0): { text: string; known: boolean } {
  const words = m.errors.codes[code];
  if (words) return { text: words, known: true };
  const byStatus = m.errors.codes[STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : '')];
  return { text: byStatus ?? m.errors.failed, known: false };
}

/** A failed call in the reader's language; the api's own words only as a detail, for a code we have no words for. */
export function ErrorMessage({ error, id }: { error: unknown; id?: string }) {
  const { m } = useI18n();
  if (!error) return null;
  const apiError = toApiError(error);
  const { text, known } = errorInWords(m, apiError.code, apiError.body.statusCode);
  return (
    <div className="error" role="alert" id={id} data-code={apiError.code}>
      {text}
      {!known && apiError.message && (
        <details className="error-detail">
          <summary>{m.errors.details}</summary>
          <span lang="en">{apiError.message}</span>
        </details>
      )}
    </div>
  );
}
