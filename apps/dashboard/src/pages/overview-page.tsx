import { Link } from 'react-router';
import { $api } from '../api/client.js';
import { useSession } from '../auth/session.js';
import type { components } from '../api/schema.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { Loading, Page } from '../ui/page.js';
import { RunRemindersNow } from './reminders-page.js';
import { RemindersTable } from './reminders.js';
import { WarningGroups } from './warnings-page.js';
import { MutesInForce } from './mute.js';
import { OverviewReadiness } from './readiness.js';

type Overview = components['schemas']['OverviewDto'];

/** The gravest groups of warnings, each naming its first certificates; the warnings page has them all. */
const WARNING_GROUPS_SHOWN = 5;
const CERTIFICATES_PER_GROUP = 3;

export function OverviewPage() {
  const { m } = useI18n();
  const overview = $api.useQuery('get', '/api/v1/overview');
  const warnings = $api.useQuery('get', '/api/v1/warnings/groups', {
    params: { query: { limit: WARNING_GROUPS_SHOWN, items: CERTIFICATES_PER_GROUP } },
  });
  const recent = $api.useQuery('get', '/api/v1/reminders', { params: { query: { limit: 10 } } });
  const failed = $api.useQuery('get', '/api/v1/reminders', {
    params: { query: { state: 'failed', limit: 10 } },
  });
  const session = useSession();
  return (
    <Page title={m.overview.title} actions={session.me?.centralAdmin && <RunRemindersNow />}>
      <ErrorMessage error={overview.error} />
      {overview.isPending ? <Loading /> : overview.data && <OverviewView overview={overview.data} />}
      <section aria-labelledby="warnings-heading">
        <h2 id="warnings-heading">{m.overview.warnings}</h2>
        <ErrorMessage error={warnings.error} />
        {warnings.data && (
          <>
            <WarningGroups groups={warnings.data.groups} headingLevel={3} compact />
            {warnings.data.total > 0 && (
              <p>
                <Link to="/warnings">{m.overview.allWarnings(warnings.data.total)}</Link>
              </p>
            )}
          </>
        )}
      </section>
      <MutesInForce />
      <section aria-labelledby="failed-reminders-heading">
        <h2 id="failed-reminders-heading">{m.reminders.failed}</h2>
        <ErrorMessage error={failed.error} />
        {failed.data && <RemindersTable deliveries={failed.data.items} showCertificate />}
      </section>
      <section aria-labelledby="recent-reminders-heading">
        <h2 id="recent-reminders-heading">{m.reminders.recent}</h2>
        <ErrorMessage error={recent.error} />
        {recent.data && <RemindersTable deliveries={recent.data.items} showCertificate />}
        <p>
          <Link to="/reminders">{m.overview.allReminders}</Link>
        </p>
      </section>
    </Page>
  );
}

function OverviewView({ overview: o }: { overview: Overview }) {
  const { m, number, locale } = useI18n();
  const most = Math.max(1, ...o.expiriesByMonth.map((x) => x.count));
  const monthName = (month: string) =>
    new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${month}-01T00:00:00Z`),
    );
  return (
    <>
      <section aria-labelledby="counts-heading">
        <h2 id="counts-heading" className="visually-hidden">
          {m.overview.counts}
        </h2>
        <ul className="counts tiles">
          <li>
            <Link to="/certificates">
              <strong>{number(o.total)}</strong> {m.overview.active}
            </Link>
          </li>
          {o.byStatus.map((s) => (
            <li key={s.status} className={`tile-${s.status}`}>
              <Link to={`/certificates?status=${s.status}`}>
                <strong>{number(s.count)}</strong> {m.status[s.status as keyof typeof m.status] ?? s.status}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <div className="grid">
        <section className="card" aria-labelledby="expiries-heading">
          <h2 id="expiries-heading">{m.overview.expiries}</h2>
          <ol className="bars">
            {o.expiriesByMonth.map((x) => (
              <li key={x.month}>
                <span className="bar-label">{monthName(x.month)}</span>
                <span className="bar" style={{ width: `${(x.count / most) * 100}%` }} aria-hidden="true" />
                <span className="bar-value">{m.overview.expiring(x.count)}</span>
              </li>
            ))}
          </ol>
        </section>
        <section className="card" aria-labelledby="renewals-heading">
          <h2 id="renewals-heading">{m.overview.renewals}</h2>
          <ul className="plain">
            {o.renewalsInProgress.map((r) => (
              <li key={r.state}>
                <strong>{number(r.count)}</strong>{' '}
                {m.renewal.phaseTitle(
                  r.phase,
                  m.renewal.phases[r.state as keyof typeof m.renewal.phases]?.title ?? r.title,
                )}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <OverviewReadiness readiness={o.readiness} />
      <section aria-labelledby="risk-heading">
        <h2 id="risk-heading">{m.overview.atRisk}</h2>
        {o.organisationsAtRisk.length === 0 ? (
          <p className="empty">{m.overview.noneAtRisk}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{m.organisations.name}</th>
                <th scope="col">{m.overview.expired}</th>
                <th scope="col">{m.overview.renewableWithoutRenewal}</th>
                <th scope="col">{m.overview.warnings}</th>
              </tr>
            </thead>
            <tbody>
              {o.organisationsAtRisk.map((r) => (
                <tr key={r.organisationId}>
                  <th scope="row">
                    <Link to={`/organisations/${r.organisationId}`}>{r.name}</Link>
                  </th>
                  <td>{number(r.expired)}</td>
                  <td>{number(r.renewableWithoutRenewal)}</td>
                  <td>{number(r.warnings)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
