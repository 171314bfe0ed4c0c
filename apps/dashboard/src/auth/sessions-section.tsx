import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { $api } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { Loading } from '../ui/page.js';

/** The user's open sessions (each browser they are logged in with): where and when each was last used; end any. */
export function SessionsSection() {
  const { m, dateTime } = useI18n();
  const queryClient = useQueryClient();
  const heading = useId();
  const sessions = $api.useQuery('get', '/api/v1/auth/sessions');
  const [message, setMessage] = useState('');
  const end = $api.useMutation('delete', '/api/v1/auth/sessions/{id}', {
    onSuccess: async () => {
      setMessage(m.sessions.ended);
      await queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/auth/sessions'] });
    },
  });
  return (
    <section aria-labelledby={heading}>
      <h2 id={heading}>{m.sessions.title}</h2>
      <p className="hint">{m.sessions.intro}</p>
      {message && (
        <p className="ok" role="status">
          {message}
        </p>
      )}
      <ErrorMessage error={sessions.error ?? end.error} />
      {sessions.isPending ? (
        <Loading />
      ) : (
        <div className="table-wrap">
          <table className="sessions">
            <thead>
              <tr>
                <th scope="col">{m.sessions.opened}</th>
                <th scope="col">{m.sessions.lastUsed}</th>
                <th scope="col">{m.sessions.from}</th>
                <th scope="col">{m.sessions.browser}</th>
                <th scope="col">{m.common.actions}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.data?.map((session) => (
                <tr key={session.id} data-current={session.current || undefined}>
                  <th scope="row">
                    {dateTime(session.createdAt)}
                    {session.current && <span className="tag"> {m.sessions.current}</span>}
                  </th>
                  <td>{dateTime(session.lastUsedAt)}</td>
                  <td>{session.lastUsedFrom ?? m.sessions.unknown}</td>
                  <td className="user-agent">{session.userAgent ?? m.sessions.unknown}</td>
                  <td>
                    {!session.current && (
                      <button
                        type="button"
                        className="secondary"
                        aria-label={m.sessions.endLabel(dateTime(session.createdAt))}
                        disabled={end.isPending}
                        onClick={() => end.mutate({ params: { path: { id: session.id } } })}
                      >
                        {m.sessions.end}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {sessions.data?.length === 1 && <p className="empty">{m.sessions.none}</p>}
        </div>
      )}
    </section>
  );
}
