import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession } from './auth/session.js';
import { AuditPage } from './pages/audit-page.js';
import { CertificatePage } from './pages/certificate-page.js';
import { CertificatesPage } from './pages/certificates-page.js';
import { HandoverPage, HandoversPage } from './pages/handovers-page.js';
import { ImportPage } from './pages/import-page.js';
import { LoginPage } from './pages/login-page.js';
import { NewRequestsPage } from './pages/new-requests-page.js';
import { OrganisationPage } from './pages/organisation-page.js';
import { OrganisationsPage } from './pages/organisations-page.js';
import { OverviewPage } from './pages/overview-page.js';
import { PeoplePage } from './pages/people-page.js';
import { PersonPage } from './pages/person-page.js';
import { RemindersPage } from './pages/reminders-page.js';
import { WarningsPage } from './pages/warnings-page.js';
import { SetPasswordPage } from './pages/set-password-page.js';
import { TokensPage } from './pages/tokens-page.js';
import { Layout } from './ui/layout.js';
import { Loading } from './ui/page.js';

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
