import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { $api, api, toApiError, unwrap } from '../api/client.js';
import { CardBridgePairing, usePairedBridge } from '../card-bridge/bridge-panel.js';
import { useLogInMethods, usePasswordLogin } from '../auth/log-in-methods.js';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage, errorInWords } from '../ui/error-message.js';
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

  const methods = useLogInMethods();
  // Most installations take passwords: the form shows until the api says they are off.
  const passwordLogin = usePasswordLogin() ?? true;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ body: { email, password } });
  };
  const accounts = accountsToChooseFrom(login.error);
  const onToken = (token: string) => {
    session.signIn(token);
    void navigate(from, { replace: true });
  };

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
        <SingleSignOn sso={methods.data?.sso ?? null} onToken={onToken} />
        {passwordLogin && (
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
        )}
        <EidLogin onToken={onToken} />
      </Page>
    </main>
  );
}

/**
 * Single sign-on: a link to the provider (through the api, which records the state and sets its cookie), and, back
 * from it, what the callback put in the fragment: a ticket to turn into a session, or why the sign-in was refused.
 */
function SingleSignOn({
  sso,
  onToken,
}: {
  sso: { name: string; startUrl: string } | null;
  onToken(token: string): void;
}) {
  const { m } = useI18n();
  const [returned] = useState(() => takeSsoFragment());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(returned?.ticket !== undefined);
  const started = useRef(false);
  const openSession = async (userId?: string) => {
    if (!returned?.ticket) return;
    setBusy(true);
    setError(null);
    try {
      const opened = await unwrap(
        api.POST('/api/v1/auth/oidc/session', {
          body: { ticket: returned.ticket, ...(userId ? { userId } : {}) },
        }),
      );
      ssoFragment = null;
      onToken(opened.accessToken);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    // Once: React's development mode runs effects twice, and the ticket is single use.
    if (started.current || !returned?.ticket) return;
    started.current = true;
    void openSession();
  });
  const accounts = accountsToChooseFrom(error);
  if (!sso && !returned) return null;
  const refusal = returned?.error ? errorInWords(m, returned.error) : null;
  return (
    <section className="card" aria-labelledby="sso-heading">
      <h2 id="sso-heading">{m.login.withSso}</h2>
      {refusal && (
        <div className="error" role="alert" data-code={returned?.error}>
          {refusal.text}
        </div>
      )}
      {accounts ? (
        <AccountChooser accounts={accounts} onChoose={(userId) => void openSession(userId)} />
      ) : (
        <ErrorMessage error={error} />
      )}
      {busy ? (
        <p role="status">{m.login.ssoOpening}</p>
      ) : (
        sso && (
          <a className="button" href={sso.startUrl}>
            {m.login.ssoSubmit(sso.name)}
          </a>
        )
      )}
    </section>
  );
}

/**
 * What the callback's fragment said, read once per page load: a render React throws away (a sibling suspending on the
 * first mount) would otherwise lose it, the address bar having been cleaned already. Forgotten once the ticket is used.
 */
let ssoFragment: ReturnType<typeof readSsoFragment> | undefined;
function takeSsoFragment(): ReturnType<typeof readSsoFragment> {
  ssoFragment ??= readSsoFragment();
  return ssoFragment;
}

/** `#sso=<ticket>` or `#sso-error=<code>`, removed from the address bar (the ticket is a secret). */
function readSsoFragment(): { ticket?: string; error?: string } | null {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const ticket = fragment.get('sso');
  const error = fragment.get('sso-error');
  if (ticket === null && error === null) return null;
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  return {
    ...(ticket !== null ? { ticket } : {}),
    ...(error !== null ? { error: /^[A-Z_]{1,64}$/.test(error) ? error : 'SSO_FAILED' } : {}),
  };
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
