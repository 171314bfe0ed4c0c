import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { $api } from '../api/client.js';
import type { PersonalTokenCreatedDto, PersonalTokenDto } from '../api/schema.js';
import { SessionsSection } from '../auth/sessions-section.js';
import { useI18n } from '../i18n/i18n.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';
import { ErrorMessage } from '../ui/error-message.js';
import { Loading, Page } from '../ui/page.js';

/** The user's personal API tokens: create one (shown once), see which still work, revoke one. */
export function TokensPage() {
  const { m, dateTime } = useI18n();
  const queryClient = useQueryClient();
  const formHeading = useId();
  const listHeading = useId();
  const tokens = $api.useQuery('get', '/api/v1/auth/tokens');
  const [created, setCreated] = useState<PersonalTokenCreatedDto | null>(null);
  const [revoking, setRevoking] = useState<PersonalTokenDto | null>(null);
  const [message, setMessage] = useState('');
  const create = $api.useMutation('post', '/api/v1/auth/tokens', {
    onSuccess: async (token) => {
      setCreated(token);
      setMessage('');
      await queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/auth/tokens'] });
    },
  });
  const revoke = $api.useMutation('delete', '/api/v1/auth/tokens/{id}', {
    onSuccess: async () => {
      setMessage(m.tokens.revoked(revoking?.name ?? ''));
      setRevoking(null);
      await queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/auth/tokens'] });
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const days = String(form.get('expiresInDays') ?? '').trim();
    create.mutate({
      body: { name: String(form.get('name') ?? '').trim(), ...(days ? { expiresInDays: Number(days) } : {}) },
    });
    formElement.reset();
  };
  return (
    <Page title={m.tokens.title}>
      <p className="hint">{m.tokens.intro}</p>
      {message && (
        <p className="ok" role="status">
          {message}
        </p>
      )}
      {created ? (
        <section className="card new-token" aria-labelledby={formHeading}>
          <h2 id={formHeading}>{m.tokens.newToken}</h2>
          <p className="warning" role="note">
            {m.tokens.shownOnce}
          </p>
          <label>
            <span>
              {m.tokens.token} ({created.name})
            </span>
            <input
              className="wide token-value"
              readOnly
              value={created.token}
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
          <div className="buttons">
            <button type="button" onClick={() => setCreated(null)}>
              {m.tokens.done}
            </button>
          </div>
        </section>
      ) : (
        <form className="card form" onSubmit={submit} aria-labelledby={formHeading}>
          <h2 id={formHeading}>{m.tokens.create}</h2>
          <label>
            <span>{m.tokens.name}</span>
            <input
              name="name"
              required
              maxLength={100}
              placeholder={m.tokens.namePlaceholder}
              autoComplete="off"
            />
          </label>
          <label>
            <span>{m.tokens.expiresInDays}</span>
            <input name="expiresInDays" type="number" min={1} max={3650} inputMode="numeric" />
          </label>
          <ErrorMessage error={create.error} />
          <div className="buttons">
            <button type="submit" disabled={create.isPending}>
              {m.tokens.create}
            </button>
          </div>
        </form>
      )}
      <section aria-labelledby={listHeading}>
        <h2 id={listHeading}>{m.tokens.yours}</h2>
        <ErrorMessage error={tokens.error ?? revoke.error} />
        {tokens.isPending ? (
          <Loading />
        ) : tokens.data?.length === 0 ? (
          <p className="empty">{m.tokens.none}</p>
        ) : (
          <div className="table-wrap">
            <table className="tokens">
              <thead>
                <tr>
                  <th scope="col">{m.tokens.name}</th>
                  <th scope="col">{m.tokens.created}</th>
                  <th scope="col">{m.tokens.expires}</th>
                  <th scope="col">{m.tokens.lastUsed}</th>
                  <th scope="col">{m.common.actions}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.data?.map((token) => (
                  <tr key={token.id}>
                    <th scope="row">{token.name}</th>
                    <td>{dateTime(token.createdAt)}</td>
                    <td>{token.expiresAt ? dateTime(token.expiresAt) : m.tokens.never}</td>
                    <td>
                      {token.lastUsedAt ? dateTime(token.lastUsedAt) : m.tokens.notUsed}
                      {token.lastUsedFrom && ` (${token.lastUsedFrom})`}
                    </td>
                    <td>
                      <button type="button" className="secondary" onClick={() => setRevoking(token)}>
                        {m.tokens.revoke(token.name)}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <SessionsSection />
      {revoking && (
        <ConfirmDialog
          title={m.tokens.revokeTitle(revoking.name)}
          confirmLabel={m.tokens.revokeConfirm}
          cancelLabel={m.common.cancel}
          danger
          busy={revoke.isPending}
          onConfirm={() => revoke.mutate({ params: { path: { id: revoking.id } } })}
          onCancel={() => setRevoking(null)}
        >
          <p>{m.tokens.revokeBody}</p>
        </ConfirmDialog>
      )}
    </Page>
  );
}
