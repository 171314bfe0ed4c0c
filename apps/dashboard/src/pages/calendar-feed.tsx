import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { $api } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { useLabels } from './labels.js';

/**
 * The organisation's expiries as a calendar feed: a secret address, shown on demand, that can be replaced; or the
 * address of one label's feed (its certificates only).
 */
export function CalendarFeed({ organisationId, mayRotate }: { organisationId: string; mayRotate: boolean }) {
  const { m } = useI18n();
  const [shown, setShown] = useState(false);
  const [label, setLabel] = useState('');
  const labels = useLabels(organisationId);
  const feed = $api.useQuery(
    'get',
    '/api/v1/organisations/{id}/calendar-feed',
    { params: { path: { id: organisationId }, query: label ? { label } : {} } },
    { enabled: shown },
  );
  const queryClient = useQueryClient();
  const rotate = $api.useMutation('post', '/api/v1/organisations/{id}/calendar-feed/rotate', {
    onSuccess: () => queryClient.invalidateQueries(),
  });
  return (
    <section aria-labelledby="calendar-heading">
      <h2 id="calendar-heading">{m.calendar.title}</h2>
      <p className="hint">{m.calendar.intro}</p>
      {!shown ? (
        <button type="button" className="secondary" onClick={() => setShown(true)}>
          {m.calendar.show}
        </button>
      ) : (
        <>
          <ErrorMessage error={feed.error ?? rotate.error} />
          {(labels.data?.labels.length ?? 0) > 0 && (
            <label>
              <span>{m.calendar.onlyLabel}</span>
              <select value={label} onChange={(e) => setLabel(e.target.value)}>
                <option value="">{m.calendar.everyCertificate}</option>
                {labels.data?.labels.map((l) => (
                  <option key={l.id} value={l.name}>
                    {l.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {feed.data && (
            <label>
              <span>{m.calendar.address}</span>
              <input readOnly value={feed.data.url} onFocus={(e) => e.target.select()} className="wide" />
            </label>
          )}
          {mayRotate && (
            <button
              type="button"
              className="secondary"
              disabled={rotate.isPending}
              onClick={() => rotate.mutate({ params: { path: { id: organisationId } } })}
            >
              {m.calendar.rotate}
            </button>
          )}
        </>
      )}
    </section>
  );
}
