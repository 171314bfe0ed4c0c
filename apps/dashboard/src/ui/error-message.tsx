import { toApiError } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';

/** A failed call in the reader's language, by the api's stable code; the api's own words only for a code we do not know. */
export function ErrorMessage({ error, id }: { error: unknown; id?: string }) {
  const { m } = useI18n();
  if (!error) return null;
  const apiError = toApiError(error);
  const known = m.errors.codes[apiError.code];
  return (
    <div className="error" role="alert" id={id} data-code={apiError.code}>
      {known ?? (
        // A code without words of ours yet: the api's own (English) sentence says what is wrong.
        <>
          <strong>{m.errors.generic(apiError.code)}</strong>
          {apiError.message && <span className="error-detail"> {apiError.message}</span>}
        </>
      )}
    </div>
  );
}
