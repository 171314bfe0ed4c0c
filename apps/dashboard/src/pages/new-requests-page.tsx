import { useState } from 'react';
import { Link } from 'react-router';
import { $api } from '../api/client.js';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { Loading, Page } from '../ui/page.js';
import { CloseNewRequest, identityLabel, NewRequestForm } from './new-requests.js';
import { OrganisationFilter } from '../ui/organisation-select.js';
import { useAddressFilters } from '../ui/address-filter.js';
import { ListPager, onePage, PagerBack, usePageStack } from '../ui/pager.js';
import { useOrganisations } from './use-organisations.js';

const STATE_FILTERS = ['open', 'completed', 'abandoned'] as const;
/** Requests a page shows, most recently requested first. */
export const NEW_REQUESTS_PAGE_SIZE = 100;
type StateFilter = (typeof STATE_FILTERS)[number] | 'all';

/** Every new request of the organisations the user sees: open ones first by default, each closable in place. */
export function NewRequestsPage() {
  const { m, date } = useI18n();
  const session = useSession();
  const [search, setFilter] = useAddressFilters();
  const [opening, setOpening] = useState(false);
  const organisationId = search.get('organisationId') || undefined;
  const stateParam = search.get('state');
  const state: StateFilter = (STATE_FILTERS as readonly string[]).includes(stateParam ?? '')
    ? (stateParam as StateFilter)
    : stateParam === 'all'
      ? 'all'
      : 'open';
  const pages = usePageStack(`${organisationId ?? ''} ${state}`);
  const { after } = pages;
  const requests = $api.useQuery('get', '/api/v1/new-requests', {
    params: {
      query: {
        organisationId,
        ...(state === 'all' ? {} : { state }),
        limit: NEW_REQUESTS_PAGE_SIZE + 1,
        ...(after && { after }),
      },
    },
  });
  // Every organisation's name (the filter's options) once the list has answered: its rows carry their names.
  const { organisations } = useOrganisations({ enabled: !requests.isPending });
  const { rows, hasNext } = onePage(requests.data, NEW_REQUESTS_PAGE_SIZE);
  const writable = organisations.filter((o) => session.can('certificate.lifecycle', o.id));

  return (
    <Page
      title={m.newRequests.title}
      actions={
        writable.length > 0 && !opening ? (
          <button type="button" onClick={() => setOpening(true)}>
            {m.newRequests.open}
          </button>
        ) : undefined
      }
    >
      <p className="hint">{m.newRequests.intro}</p>
      {opening && (
        <section className="card" aria-labelledby="open-request-heading">
          <h2 id="open-request-heading">{m.newRequests.open}</h2>
          <NewRequestForm
            organisations={writable}
            onDone={() => setOpening(false)}
            onCancel={() => setOpening(false)}
          />
        </section>
      )}
      <form className="filters" aria-label={m.certificates.filters} onSubmit={(e) => e.preventDefault()}>
        <OrganisationFilter
          value={organisationId ?? ''}
          onChange={(id) => setFilter('organisationId', id)}
          organisations={organisations}
        />
        <label>
          <span>{m.newRequests.state}</span>
          <select
            value={state}
            onChange={(e) => setFilter('state', e.target.value === 'open' ? '' : e.target.value)}
          >
            {[...STATE_FILTERS, 'all' as const].map((s) => (
              <option key={s} value={s}>
                {m.newRequests.stateFilters[s]}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ErrorMessage error={requests.error} />
      {requests.isPending ? (
        <Loading />
      ) : requests.isError ? (
        <PagerBack label={m.newRequests.pages} number={pages.number} previous={pages.previous} />
      ) : rows.length === 0 && pages.number === 1 ? (
        <p className="empty">{m.newRequests.none}</p>
      ) : requests.data ? (
        <>
          <div className="table-wrap">
            <table className="new-requests">
              <caption className="visually-hidden">{m.newRequests.title}</caption>
              <thead>
                <tr>
                  <th scope="col">{m.newRequests.identity}</th>
                  <th scope="col">{m.certificates.organisation}</th>
                  <th scope="col">{m.newRequests.requested}</th>
                  <th scope="col">{m.newRequests.state}</th>
                  <th scope="col">{m.newRequests.certificates}</th>
                  <th scope="col">
                    <span className="visually-hidden">{m.common.actions}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-state={r.state}>
                    <th scope="row">
                      {identityLabel(r.identifierType, r.identifierValue, r.applicationId)}
                      {r.note && (
                        <>
                          <br />
                          <q className="muted">{r.note}</q>
                        </>
                      )}
                    </th>
                    <td>{r.organisationName}</td>
                    <td>
                      {date(r.requestedAt)}
                      {r.steps[0] && <span className="muted"> · {r.steps[0].by}</span>}
                    </td>
                    <td>
                      <span className={`badge request-${r.state}`}>{m.newRequests.states[r.state]}</span>
                      {r.state === 'abandoned' && r.steps.at(-1)?.note && (
                        <span className="muted">
                          {' '}
                          {m.newRequests.abandonedBecause(r.steps.at(-1)!.note!)}
                        </span>
                      )}
                    </td>
                    <td>
                      {r.replacesCertificateId && (
                        <Link to={`/certificates/${r.replacesCertificateId}`}>
                          {m.newRequests.seeReplaced}
                        </Link>
                      )}
                      {r.replacesCertificateId && r.completedCertificateId && <br />}
                      {r.completedCertificateId && (
                        <Link to={`/certificates/${r.completedCertificateId}`}>
                          {m.newRequests.seeProduced}
                        </Link>
                      )}
                      {!r.replacesCertificateId && !r.completedCertificateId && '—'}
                    </td>
                    <td>
                      {r.state === 'requested' && session.can('certificate.lifecycle', r.organisationId) && (
                        <CloseNewRequest request={r} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ListPager label={m.newRequests.pages} pages={pages} hasNext={hasNext} lastKey={rows.at(-1)?.id} />
        </>
      ) : null}
    </Page>
  );
}
