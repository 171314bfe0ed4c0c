import { NavLink, Outlet } from 'react-router';
import { useSession } from '../auth/session.js';
import { LANGUAGES, useI18n, type Language } from '../i18n/i18n.js';

export function LanguageSwitch() {
  const { language, setLanguage, m } = useI18n();
  return (
    <label className="language">
      <span>{m.common.language}</span>
      <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {m.languages[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Layout() {
  const { m } = useI18n();
  const session = useSession();
  const links = [
    { to: '/', label: m.nav.overview, end: true },
    { to: '/certificates', label: m.nav.certificates },
    { to: '/warnings', label: m.nav.warnings },
    { to: '/reminders', label: m.nav.reminders },
    ...(session.can('certificate.import') ? [{ to: '/import', label: m.nav.import }] : []),
    { to: '/new-requests', label: m.nav.newRequests },
    { to: '/organisations', label: m.nav.organisations },
    { to: '/people', label: m.people.nav },
    { to: '/handovers', label: m.nav.handovers },
    { to: '/audit', label: m.nav.audit },
    ...(session.can('webhook.manage') ? [{ to: '/webhooks', label: m.webhooks.nav }] : []),
    { to: '/tokens', label: m.tokens.nav },
  ];
  return (
    <>
      <a className="skip-link" href="#main">
        {m.nav.skipToContent}
      </a>
      <header className="top">
        <span className="brand">{m.app.name}</span>
        <nav aria-label={m.nav.label}>
          <ul>
            {links.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} end={link.end}>
                  {link.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <LanguageSwitch />
          {session.me && (
            <span className="me">
              {session.me.name}
              {session.me.centralAdmin && <span className="role"> ({m.roles['central-admin']})</span>}
            </span>
          )}
          <button type="button" className="secondary" onClick={() => void session.signOut()}>
            {m.nav.logOut}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
