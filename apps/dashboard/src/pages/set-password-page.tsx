import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { $api } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { LinkPage, useLinkToken } from '../ui/link-page.js';
import { Loading } from '../ui/page.js';
import { LOGIN_PASSWORD_MIN_LENGTH } from './people-forms.js';

/**
 * The public page a set-password mail links to: it says which log-in the link is for (or why it no longer works),
 * and sets the password once. No session needed: the link is the proof.
 */
export function SetPasswordPage() {
  const { m } = useI18n();
  const token = useLinkToken();
  return (
    <LinkPage title={m.setPassword.title} noToken={m.setPassword.noToken}>
      <SetPasswordForm token={token} />
    </LinkPage>
  );
}

function SetPasswordForm({ token }: { token: string }) {
  const { m, dateTime } = useI18n();
  const [problem, setProblem] = useState('');
  const link = $api.useQuery(
    'post',
    '/api/v1/auth/set-password/check',
    { body: { token } },
    { retry: false, staleTime: Infinity },
  );
  const set = $api.useMutation('post', '/api/v1/auth/set-password');
  if (link.isPending) return <Loading />;
  if (!link.data) return <ErrorMessage error={link.error} />;
  if (set.isSuccess)
    return (
      <div className="card">
        <p className="ok" role="status">
          {m.setPassword.done}
        </p>
        <Link className="button" to="/login">
          {m.setPassword.logIn}
        </Link>
      </div>
    );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    if ([...password].length < LOGIN_PASSWORD_MIN_LENGTH) return setProblem(m.setPassword.tooShort);
    if (password !== String(form.get('confirmation') ?? '')) return setProblem(m.setPassword.mismatch);
    setProblem('');
    set.mutate({ body: { token, password } });
  };
  return (
    <form
      className="card form"
      onSubmit={submit}
      aria-describedby="set-password-for set-password-hint"
      noValidate
    >
      <p id="set-password-for">
        <strong>{m.setPassword.forLogin(link.data.email)}</strong>{' '}
        {m.setPassword.until(dateTime(link.data.expiresAt))}
      </p>
      {/* A hidden username field lets password managers store the new password under the right log-in. */}
      <input type="email" name="username" autoComplete="username" value={link.data.email} readOnly hidden />
      <label>
        <span>{m.setPassword.password}</span>
        <input
          type="password"
          name="password"
          autoComplete="new-password"
          required
          minLength={LOGIN_PASSWORD_MIN_LENGTH}
          aria-invalid={problem === m.setPassword.tooShort || undefined}
        />
      </label>
      <label>
        <span>{m.setPassword.confirm}</span>
        <input
          type="password"
          name="confirmation"
          autoComplete="new-password"
          required
          aria-invalid={problem === m.setPassword.mismatch || undefined}
        />
      </label>
      <p className="hint" id="set-password-hint">
        {m.setPassword.hint}
      </p>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <ErrorMessage error={set.error} />
      <div className="buttons">
        <button type="submit" disabled={set.isPending}>
          {m.setPassword.submit}
        </button>
      </div>
    </form>
  );
}
