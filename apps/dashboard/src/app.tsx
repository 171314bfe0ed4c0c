import { type ComponentType, lazy, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession } from './auth/session.js';
import { Layout } from './ui/layout.js';
import { Loading } from './ui/page.js';

/**
 * A page loaded with its route: each page is a chunk of its own (vite splits at the dynamic import), so the first
 * page a user opens does not wait for the code of every other page.
 */
function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  const Page = lazy(async () => {
    const page: ComponentType = (await load())[name];
    return { default: page };
  });
  return function LazyPage() {
    return (
      <Suspense fallback={<Loading />}>
        <Page />
      </Suspense>
    );
  };
}

const AuditPage = lazyPage(() => import('./pages/audit-page.js'), 'AuditPage');
const CertificatePage = lazyPage(() => import('./pages/certificate-page.js'), 'CertificatePage');
const CertificatesPage = lazyPage(() => import('./pages/certificates-page.js'), 'CertificatesPage');
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

export function App() {
  const session = useSession();
  const location = useLocation();
  if (!session.loggedIn) {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/set-password" element={<SetPasswordPage />} />
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
      <Route element={<Layout />}>
        <Route index element={<OverviewPage />} />
        <Route path="certificates" element={<CertificatesPage />} />
        <Route path="certificates/:id" element={<CertificatePage />} />
        <Route path="import" element={<ImportPage />} />
        <Route path="new-requests" element={<NewRequestsPage />} />
        <Route path="organisations" element={<OrganisationsPage />} />
        <Route path="organisations/:id" element={<OrganisationPage />} />
        <Route path="people" element={<PeoplePage />} />
        <Route path="people/:id" element={<PersonPage />} />
        <Route path="tokens" element={<TokensPage />} />
        <Route path="webhooks" element={<WebhooksPage />} />
        <Route path="handovers" element={<HandoversPage />} />
        <Route path="handovers/:id" element={<HandoverPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="warnings" element={<WarningsPage />} />
        <Route path="reminders" element={<RemindersPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
