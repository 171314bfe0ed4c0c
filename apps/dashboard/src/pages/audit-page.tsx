import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { $api } from '../api/client.js';
import type { AuditEvent } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { Loading, Page } from '../ui/page.js';
import { OrganisationFilter } from '../ui/organisation-select.js';
import { AuditVerificationResult, useAuditVerification } from './audit-verification.js';
import { useOrganisations } from './use-organisations.js';

/**
 * Audit events as a table: when, who, what (in words), and on the audit page the organisation and the certificate
 * by name. A certificate's own trail leaves those two out: they are the page's.
 */
export function AuditTable({
  events,
  showCertificate = false,
}: {
  events: AuditEvent[];
  showCertificate?: boolean;
}) {
  const { m, dateTime } = useI18n();
  if (events.length === 0) return <p className="empty">{m.audit.none}</p>;
  return (
    <div className="table-wrap">
      <table className="audit">
        <thead>
          <tr>
            <th scope="col">{m.audit.when}</th>
            <th scope="col">{m.audit.who}</th>
            {showCertificate && <th scope="col">{m.certificates.organisation}</th>}
            <th scope="col">{m.audit.what}</th>
            {showCertificate && <th scope="col">{m.audit.certificate}</th>}
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id} data-action={e.action}>
              <td>
                <time dateTime={e.occurredAt}>{dateTime(e.occurredAt)}</time>
              </td>
              <td className="wrap">{e.actorLabel}</td>
              {showCertificate && (
                <td>
                  {e.organisationId ? (
                    <Link to={`/organisations/${e.organisationId}`}>{e.organisationName ?? '—'}</Link>
                  ) : (
                    <span className="muted">{m.audit.installation}</span>
                  )}
                </td>
              )}
              <td>
                {m.audit.action(e.action)}
                {e.signature && <span className="tag"> {m.audit.signed}</span>}
              </td>
              {showCertificate && (
                <td className="wrap">
                  {e.certificateId ? (
                    <Link to={`/certificates/${e.certificateId}`}>{e.certificateLabel ?? m.audit.open}</Link>
                  ) : (
                    '—'
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The whole trail, filtered by organisation and action (in words), and the chains verified one per organisation. */
export function AuditPage() {
  const { m } = useI18n();
  const session = useSession();
  const [search, setSearch] = useSearchParams();
  const organisationId = search.get('organisationId') || undefined;
  const action = search.get('action') || undefined;
  const [cursors, setCursors] = useState<string[]>([]);
  const page = $api.useQuery('get', '/api/v1/audit', {
    params: { query: { limit: 50, organisationId, action, cursor: cursors.at(-1) } },
  });
  // The filter's options (every organisation's name) once the list has answered: its rows carry their names.
  const { organisations } = useOrganisations({ enabled: !page.isPending });
  const verification = useAuditVerification();
  const actions = Object.entries(m.audit.actions)
    .flatMap(([subject, verbs]) =>
      Object.entries(verbs).map(([verb, words]) => [`${subject}.${verb}`, words]),
    )
    .sort(([, a], [, b]) => a!.localeCompare(b!));
  return (
    <Page
      title={m.audit.title}
      actions={
        // Filtered to one organisation, its chain alone: seconds where every chain of a national installation takes
        // minutes.
        session.can('audit.verify', organisationId) && (
          <button
            type="button"
            className="secondary"
            onClick={() => verification.start(organisationId)}
            disabled={verification.busy}
          >
            {organisationId ? m.audit.verifyOrganisation : m.audit.verify}
          </button>
        )
      }
    >
      <AuditVerificationResult verification={verification.verification} error={verification.error} />
      <form
        className="filters"
        aria-label={m.certificates.filters}
        key={search.toString()}
        onSubmit={(e) => {
          e.preventDefault();
          // A verification's verdict was for the chains of the filter before.
          verification.reset();
          const form = new FormData(e.currentTarget);
          const next = new URLSearchParams();
          for (const key of ['organisationId', 'action']) {
            const value = form.get(key);
            if (typeof value === 'string' && value) next.set(key, value);
          }
          setCursors([]);
          setSearch(next);
        }}
      >
        <OrganisationFilter
          name="organisationId"
          defaultValue={organisationId ?? ''}
          organisations={organisations}
        />
        <label>
          <span>{m.audit.actionFilter}</span>
          <select name="action" defaultValue={action ?? ''}>
            <option value="">{m.common.all}</option>
            {actions.map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </label>
        <div className="filter-buttons">
          <button type="submit">{m.certificates.applyFilters}</button>
        </div>
      </form>
      <ErrorMessage error={page.error} />
      {page.isPending ? <Loading /> : page.data && <AuditTable events={page.data.items} showCertificate />}
      {page.data && (
        <nav className="pager" aria-label={m.certificates.pages}>
          <button
            type="button"
            className="secondary"
            disabled={cursors.length === 0}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            {m.common.previousPage}
          </button>
          <span>{m.common.pageNumber(cursors.length + 1)}</span>
          <button
            type="button"
            className="secondary"
            disabled={!page.data.nextCursor}
            onClick={() => page.data.nextCursor && setCursors((c) => [...c, page.data.nextCursor!])}
          >
            {m.common.nextPage}
          </button>
        </nav>
      )}
    </Page>
  );
}
