import { type ComponentType, lazy, Suspense, useEffect, useState } from 'react';
import { matchPath, Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession } from './auth/session.js';
import { Layout } from './ui/layout.js';
import { Loading } from './ui/page.js';

type LazyPage = ComponentType & { preload(): void };

/**
 * A page loaded with its route: each page is a chunk of its own (vite splits at the dynamic import), so the first
 * page a user opens does not wait for the code of every other page. `preload` starts fetching it early.
 */
function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): LazyPage {
  let loading: Promise<{ default: ComponentType }> | undefined;
  let loaded: ComponentType | undefined;
  const loadPage = () =>
    (loading ??= load().then((module) => {
      loaded = module[name];
      return { default: loaded };
    }));
  const Page = lazy(loadPage);
  function LazyPage() {
    // A page whose code is at hand (preloaded beside the session's check, or seen before) renders at once: through
    // lazy() it would still suspend once, and React holds a revealed fallback's content back for 300 ms. Decided
    // once per mount, so that the tree under a page never changes.
    const [Loaded] = useState(() => loaded);
    if (Loaded) return <Loaded />;
    return (
      <Suspense fallback={<Loading />}>
        <Page />
      </Suspense>
    );
  }
  LazyPage.preload = () => void loadPage().catch(() => undefined);
  return LazyPage;
}

const AuditPage = lazyPage(() => import('./pages/audit-page.js'), 'AuditPage');
const CertificatePage = lazyPage(() => import('./pages/certificate-page.js'), 'CertificatePage');
const CertificatesPage = lazyPage(() => import('./pages/certificates-page.js'), 'CertificatesPage');
const CutOverPage = lazyPage(() => import('./pages/cut-over-page.js'), 'CutOverPage');
const HandoverPage = lazyPage(() => import('./pages/handovers-page.js'), 'HandoverPage');
const HandoversPage = lazyPage(() => import('./pages/handovers-page.js'), 'HandoversPage');
const ImportPage = lazyPage(() => import('./pages/import-page.js'), 'ImportPage');
const LoginPage = lazyPage(() => import('./pages/login-page.js'), 'LoginPage');
const NewRequestsPage = lazyPage(() => import('./pages/new-requests-page.js'), 'NewRequestsPage');
const OrganisationPage = lazyPage(() => import('./pages/organisation-page.js'), 'OrganisationPage');
const OrganisationsPage = lazyPage(() => import('./pages/organisations-page.js'), 'OrganisationsPage');
const OverviewPage = lazyPage(() => import('./pages/overview-page.js'), 'OverviewPage');
const PeoplePage = lazyPage(() => import('./pages/people-page.js'), 'PeoplePage');
const PersonPage = lazyPage(() => import('./pages/person-page.js'), 'PersonPage');
const RemindersPage = lazyPage(() => import('./pages/reminders-page.js'), 'RemindersPage');
const SetPasswordPage = lazyPage(() => import('./pages/set-password-page.js'), 'SetPasswordPage');
const TokensPage = lazyPage(() => import('./pages/tokens-page.js'), 'TokensPage');
const WebhooksPage = lazyPage(() => import('./pages/webhooks-page.js'), 'WebhooksPage');
const WarningsPage = lazyPage(() => import('./pages/warnings-page.js'), 'WarningsPage');

/** The pages of a signed-in user, inside the layout, by path ('' is the index). */
const SIGNED_IN_PAGES: [string, LazyPage][] = [
  ['', OverviewPage],
  ['certificates', CertificatesPage],
  ['certificates/:id', CertificatePage],
  ['import', ImportPage],
  ['new-requests', NewRequestsPage],
  ['organisations', OrganisationsPage],
  ['organisations/:id', OrganisationPage],
  ['people', PeoplePage],
  ['people/:id', PersonPage],
  ['tokens', TokensPage],
  ['webhooks', WebhooksPage],
  ['handovers', HandoversPage],
  ['handovers/:id', HandoverPage],
  ['audit', AuditPage],
  ['warnings', WarningsPage],
  ['reminders', RemindersPage],
];

/**
 * The page the address opens starts loading with the app, beside the session's check (auth/me), instead of after it.
 */
function preloadPageOf(pathname: string): void {
  const pages: [string, LazyPage][] = [
    ['/login', LoginPage],
    ['/set-password', SetPasswordPage],
    ['/cut-over', CutOverPage],
    ...SIGNED_IN_PAGES.map(([path, page]): [string, LazyPage] => [`/${path}`, page]),
  ];
  pages.find(([path]) => matchPath(path, pathname))?.[1].preload();
}
if (typeof window !== 'undefined') preloadPageOf(window.location.pathname);

/**
 * Once the browser is idle, the code of every other page of a signed-in user: the first visit to a page would
 * otherwise fetch it on the click, suspend, and React would hold the page back for 300 ms (see lazyPage), longer
 * than the page's own request takes. Loading them later keeps the first page from waiting for them.
 */
function usePreloadedPages(signedIn: boolean): void {
  useEffect(() => {
    if (!signedIn) return;
    const preloadAll = () => SIGNED_IN_PAGES.forEach(([, page]) => page.preload());
    if (typeof window.requestIdleCallback === 'function') {
      const idle = window.requestIdleCallback(preloadAll, { timeout: 2000 });
      return () => window.cancelIdleCallback(idle);
    }
    const timer = window.setTimeout(preloadAll, 200);
    return () => window.clearTimeout(timer);
  }, [signedIn]);
}

export function App() {
  const session = useSession();
  const location = useLocation();
  usePreloadedPages(session.loggedIn && !session.loading);
  if (!session.loggedIn) {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/set-password" element={<SetPasswordPage />} />
        <Route path="/cut-over" element={<CutOverPage />} />
        <Route
          path="*"
          element={<Navigate to="/login" replace state={{ from: location.pathname + location.search }} />}
        />
      </Routes>
    );
  }
  if (session.loading) return <Loading />;
  return (
    <Routes>
      <Route path="/login" element={<Navigate to="/" replace />} />
      <Route path="/set-password" element={<SetPasswordPage />} />
      <Route path="/cut-over" element={<CutOverPage />} />
      <Route element={<Layout />}>
        {SIGNED_IN_PAGES.map(([path, Page]) =>
          path === '' ? (
            <Route key="index" index element={<Page />} />
          ) : (
            <Route key={path} path={path} element={<Page />} />
          ),
        )}
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
