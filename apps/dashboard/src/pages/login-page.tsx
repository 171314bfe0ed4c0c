import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { $api, api, toApiError, unwrap } from '../api/client.js';
import { CardBridgePairing, usePairedBridge } from '../card-bridge/bridge-panel.js';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { LanguageSwitch } from '../ui/layout.js';
import { Page } from '../ui/page.js';
import { DemoBanner } from './demo-banner.js';

export function LoginPage() {
  const { m } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = $api.useMutation('post', '/api/v1/auth/login', {
    onSuccess: (data) => {
      session.signIn(data.accessToken);
      void navigate(from, { replace: true });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ body: { email, password } });
  };
  const accounts = accountsToChooseFrom(login.error);

  return (
    <main id="main" className="login">
      <div className="login-top">
        <LanguageSwitch />
      </div>
      <Page title={m.login.title}>
        <p>{m.login.intro}</p>
        <DemoBanner
          onUse={(demoEmail, demoPassword) => {
            setEmail(demoEmail);
            setPassword(demoPassword);
          }}
        />
        <form
          onSubmit={submit}
          className="card form"
          aria-describedby={login.error ? 'login-error' : undefined}
        >
          <h2>{m.login.withPassword}</h2>
          <label>
            <span>{m.login.email}</span>
            <input
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <label>
            <span>{m.login.password}</span>
            <input
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {accounts ? (
            <AccountChooser
              accounts={accounts}
              onChoose={(userId) => login.mutate({ body: { email, password, userId } })}
            />
          ) : (
            <ErrorMessage error={login.error} id="login-error" />
          )}
          <button type="submit" disabled={login.isPending}>
            {login.isPending ? m.common.working : m.login.submit}
          </button>
        </form>
        <EidLogin
          onToken={(token) => {
            session.signIn(token);
            void navigate(from, { replace: true });
          }}
        />
      </Page>
    </main>
  );
}

type EidToken = Awaited<ReturnType<NonNullable<ReturnType<typeof usePairedBridge>>['authenticate']>>;

interface AccountOption {
  userId: string;
  email: string;
  organisations: { id: string; name: string }[];
}

/** The log-ins a password or a card opens, when it opens several (the api's 409 ACCOUNT_CHOICE_REQUIRED). */
function accountsToChooseFrom(error: unknown): AccountOption[] | null {
  if (!error) return null;
  const apiError = toApiError(error);
  if (apiError.code !== 'ACCOUNT_CHOICE_REQUIRED') return null;
  return (apiError.body as unknown as { accounts?: AccountOption[] }).accounts ?? null;
}

function AccountChooser({
  accounts,
  onChoose,
}: {
  accounts: AccountOption[];
  onChoose(userId: string): void;
}) {
  const { m } = useI18n();
  return (
    <div className="account-choice" role="group" aria-labelledby="account-choice-heading">
      <p id="account-choice-heading">{m.login.chooseAccount}</p>
      {accounts.map((account) => (
        <button key={account.userId} type="button" onClick={() => onChoose(account.userId)}>
          {m.login.openAccount(account.email, account.organisations.map((o) => o.name).join(', '))}
        </button>
      ))}
    </div>
  );
}

/** Log-in with the eID: the api's challenge, signed by the card's Authentication key through the paired bridge. */
function EidLogin({ onToken }: { onToken(token: string): void }) {
  const { m } = useI18n();
  const bridge = usePairedBridge();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // The card's answer, kept when it opens several log-ins: sent again with the chosen one (the challenge stays unused).
  const [answered, setAnswered] = useState<{ nonce: string; token: EidToken } | null>(null);
  const openSession = async (nonce: string, token: EidToken, userId?: string) => {
    setBusy(true);
    setError(null);
    try {
      const session = await unwrap(
        api.POST('/api/v1/auth/eid/login', {
          // The browser sends its own Origin header (the api checks it); it cannot be set from script.
          params: { header: { origin: window.location.origin } },
          body: { nonce, token, ...(userId ? { userId } : {}) },
        }),
      );
      onToken(session.accessToken);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const logIn = async () => {
    if (!bridge) return;
    setBusy(true);
    setError(null);
    try {
      const challenge = await unwrap(api.POST('/api/v1/auth/eid/challenge'));
      const token = await bridge.authenticate(challenge.nonce);
      setAnswered({ nonce: challenge.nonce, token });
      await openSession(challenge.nonce, token);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  const accounts = accountsToChooseFrom(error);
  return (
    <section className="card" aria-labelledby="eid-heading">
      <h2 id="eid-heading">{m.login.withEid}</h2>
      <CardBridgePairing />
      {bridge && (
        <button type="button" onClick={() => void logIn()} disabled={busy}>
          {busy ? m.login.eidWaiting : m.login.eidSubmit}
        </button>
      )}
      {accounts && answered ? (
        <AccountChooser
          accounts={accounts}
          onChoose={(userId) => void openSession(answered.nonce, answered.token, userId)}
        />
      ) : (
        <ErrorMessage error={error} />
      )}
    </section>
  );
}
