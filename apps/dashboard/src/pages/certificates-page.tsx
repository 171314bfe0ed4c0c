import { memo, useCallback, useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { CERTIFICATE_STATUSES } from '@certdesk/domain';
import { $api, api, unwrap } from '../api/client.js';
import type { Certificate } from '../api/types.js';
import { useSession } from '../auth/session.js';
import type { Messages } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { useInAppLinks } from '../ui/in-app-links.js';
import { Loading, Page } from '../ui/page.js';
import { Pager, PagerBack, usePageStack } from '../ui/pager.js';
import { DaysLeft, StatusBadge } from '../ui/status-badge.js';
import { MutedTag } from './mute.js';
import { BulkActionBar } from './bulk-actions.js';
import { CalendarFeed } from './calendar-feed.js';
import { LabelChips, LabelFilter } from './labels.js';
import { ReadinessBadge, ReadinessFilter } from './readiness.js';
import { PRELOADED_FRESH_MS } from '../page-data.js';
import {
  certificatesPageRequest,
  ENVIRONMENTS,
  queryFromSearch,
  type SORTS,
  STATES,
} from './certificates-query.js';
import { OrganisationFilter } from '../ui/organisation-select.js';
import { useOrganisations } from './use-organisations.js';

/** True from the frame after `ready` first held: once what it guards has been painted. */
function useShownOnce(ready: boolean): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!ready || shown) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setShown(true))));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ready, shown]);
  return shown;
}

export function CertificatesPage() {
  const { m, date } = useI18n();
  const [search, setSearch] = useSearchParams();
  const query = queryFromSearch(search);
  // The filters' own stack of pages: new filters, or back in the browser's history, start at the first page.
  const pages = usePageStack(search.toString());
  const cursor = pages.after;
  // The pages are never counted: the count reads every match (a second at a million certificates), the page a few
  // rows. The total is asked for apart, once per set of filters (react-query keeps it while the pages turn), and
  // shows when it comes.
  // The first page's request may have left before this page rendered (page-data.ts): taken as it is, not asked again.
  const list = $api.useQuery('get', '/api/v1/certificates', certificatesPageRequest(search, cursor), {
    staleTime: PRELOADED_FRESH_MS,
  });
  // Asked once the page's rows have been shown: at a million certificates the count keeps Postgres's parallel
  // workers, and so both cores of a small server, busy for a second, which held the rows back as long.
  const rowsShown = useShownOnce(list.isSuccess);
  // The organisation filter's options (every organisation's name: 10,000 at national scale) come after the rows too:
  // beside them, the api served that list first and the rows waited. The rows carry their organisation's name.
  const { organisations } = useOrganisations({ enabled: rowsShown || list.isError });
  const counted = $api.useQuery(
    'get',
    '/api/v1/certificates',
    { params: { query: { ...query, limit: 1 } } },
    { enabled: rowsShown },
  );
  const total = counted.data?.total;
  const [exportError, setExportError] = useState<unknown>(null);
  const session = useSession();
  // Ticked certificates of the page shown: a new page or new filters start with none.
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<string>>(new Set());
  const [bulkChanged, setBulkChanged] = useState<number | null>(null);
  const mayBulk = session.can('certificate.update');
  const pageItems = list.data?.items ?? [];
  const nextCursor = list.data?.nextCursor;
  const selected = pageItems.filter((c) => selectedIds.has(c.id));
  const allSelected = pageItems.length > 0 && selected.length === pageItems.length;
  // A new selection starts a new bulk action: the previous one's outcome is no longer shown.
  const select = (ids: ReadonlySet<string>) => {
    setBulkChanged(null);
    setSelectedIds(ids);
  };
  // The same function at every render, so that a tick re-renders its own row alone (CertificateRow is memoised).
  const toggle = useCallback((id: string) => {
    setBulkChanged(null);
    setSelectedIds((ids) => {
      const next = new Set(ids);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);
  const followRowLink = useInAppLinks();
  // Another page starts with nothing ticked.
  const turnPage = (turn: () => void) => {
    setSelectedIds(new Set());
    turn();
  };
  const previousPage = pages.previous;
  const backAPage = previousPage && (() => turnPage(previousPage));

  const applyFilters = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const [key, value] of form.entries())
      if (typeof value === 'string' && value !== '') next.append(key, value);
    turnPage(pages.first);
    setSearch(next);
  };
  const sortBy = (sort: (typeof SORTS)[number]) => {
    const next = new URLSearchParams(search);
    const current = query.sort ?? 'notAfter';
    next.set('sort', sort);
    next.set('direction', current === sort && query.direction !== 'desc' ? 'desc' : 'asc');
    turnPage(pages.first);
    setSearch(next);
  };
  const exportCsv = async () => {
    setExportError(null);
    try {
      const blob = await unwrap(
        api.GET('/api/v1/certificates', { params: { query: { ...query, format: 'csv' } }, parseAs: 'blob' }),
      );
      const url = URL.createObjectURL(blob as Blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = 'certificates.csv';
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setExportError(error);
    }
  };

  const sortHeader = (sort: (typeof SORTS)[number], label: string) => {
    const active = (query.sort ?? 'notAfter') === sort;
    const direction = active ? (query.direction ?? 'asc') : undefined;
    return (
      <th
        scope="col"
        aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : undefined}
      >
        <button type="button" className="link" onClick={() => sortBy(sort)}>
          {label}
          <span aria-hidden="true">{direction === 'asc' ? ' ▲' : direction === 'desc' ? ' ▼' : ''}</span>
        </button>
      </th>
    );
  };

  return (
    <Page
      title={m.certificates.title}
      actions={
        <button type="button" className="secondary" onClick={() => void exportCsv()}>
          {m.certificates.exportCsv}
        </button>
      }
    >
      <ErrorMessage error={exportError} />
      <form
        className="filters"
        onSubmit={applyFilters}
        aria-label={m.certificates.filters}
        key={search.toString()}
      >
        <label className="search">
          <span>{m.certificates.search}</span>
          <input
            type="search"
            name="q"
            defaultValue={query.q ?? ''}
            placeholder={m.certificates.searchHint}
            aria-describedby="search-hint"
          />
          <small id="search-hint" className="visually-hidden">
            {m.certificates.searchHint}
          </small>
        </label>
        <OrganisationFilter
          name="organisationId"
          defaultValue={query.organisationId ?? ''}
          organisations={organisations}
        />
        <fieldset>
          <legend>{m.certificates.status}</legend>
          {CERTIFICATE_STATUSES.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" name="status" value={s} defaultChecked={query.status?.includes(s)} />
              {m.status[s]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{m.certificates.environment}</legend>
          {ENVIRONMENTS.map((e) => (
            <label key={e} className="check">
              <input
                type="checkbox"
                name="environment"
                value={e}
                defaultChecked={query.environment?.includes(e)}
              />
              {m.environments[e]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{m.certificates.state}</legend>
          {STATES.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" name="state" value={s} defaultChecked={query.state?.includes(s)} />
              {m.certificateStates[s]}
            </label>
          ))}
        </fieldset>
        <label>
          <span>{m.certificates.expiresWithinDays}</span>
          <input
            type="number"
            name="expiresWithinDays"
            min={0}
            defaultValue={query.expiresWithinDays ?? ''}
          />
        </label>
        <LabelFilter selected={query.label ?? []} />
        <ReadinessFilter value={query.readiness} />
        {query.sort && <input type="hidden" name="sort" value={query.sort} />}
        {query.direction && <input type="hidden" name="direction" value={query.direction} />}
        <div className="filter-buttons">
          <button type="submit">{m.certificates.applyFilters}</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              turnPage(pages.first);
              setSearch(new URLSearchParams());
            }}
          >
            {m.certificates.clearFilters}
          </button>
        </div>
      </form>

      <ErrorMessage error={list.error} />
      {list.isPending ? (
        <Loading />
      ) : list.data && list.data.items.length === 0 ? (
        <p className="empty">{m.certificates.none}</p>
      ) : list.data ? (
        <>
          <p className="result-count" role="status">
            {typeof total === 'number' && m.certificates.count(total)}
            {bulkChanged !== null && <> · {m.bulk.done(bulkChanged)}</>}
          </p>
          {selected.length > 0 && (
            <BulkActionBar
              selected={selected}
              onDone={(changed) => {
                setSelectedIds(new Set());
                setBulkChanged(changed);
              }}
            />
          )}
          <div className="table-wrap">
            <table className="certificates">
              <caption className="visually-hidden">{m.certificates.title}</caption>
              <thead>
                <tr>
                  {mayBulk && (
                    <th scope="col" className="select">
                      <input
                        type="checkbox"
                        aria-label={m.bulk.selectPage}
                        title={m.bulk.selectPage}
                        checked={allSelected}
                        onChange={() => select(allSelected ? new Set() : new Set(pageItems.map((c) => c.id)))}
                      />
                    </th>
                  )}
                  {sortHeader('identifier', m.certificates.identifier)}
                  {sortHeader('holder', m.certificates.holder)}
                  {sortHeader('organisation', m.certificates.organisation)}
                  <th scope="col">{m.certificates.environment}</th>
                  <th scope="col">{m.certificates.status}</th>
                  {sortHeader('notAfter', m.certificates.expires)}
                  <th scope="col">{m.certificates.manager}</th>
                  {/* The renewal's phase and whether it is ready, in one column: the table fits 1024 px. */}
                  <th scope="col">{m.certificates.renewal}</th>
                </tr>
              </thead>
              <tbody onClick={followRowLink}>
                {list.data.items.map((c) => (
                  <CertificateRow
                    key={c.id}
                    certificate={c}
                    m={m}
                    date={date}
                    selected={selectedIds.has(c.id)}
                    toggle={mayBulk ? toggle : null}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label={m.certificates.pages}
            number={pages.number}
            previous={backAPage}
            next={nextCursor ? () => turnPage(() => pages.next(nextCursor)) : null}
          />
        </>
      ) : list.isError ? (
        <PagerBack label={m.certificates.pages} number={pages.number} previous={backAPage} />
      ) : null}
      {query.organisationId ? (
        <CalendarFeed
          key={query.organisationId}
          organisationId={query.organisationId}
          mayRotate={session.can('organisation.update', query.organisationId)}
        />
      ) : (
        <p className="hint">{m.calendar.chooseOrganisation}</p>
      )}
    </Page>
  );
}

/**
 * One row: plain markup, its link followed by the table's `useInAppLinks` handler. Memoised on its props, which stay
 * the same while the page's later answers (the total, the organisations' names) or another row's tick re-render it.
 */
const CertificateRow = memo(function CertificateRow({
  certificate: c,
  m,
  date,
  selected,
  toggle,
}: {
  certificate: Certificate & { ready?: boolean | null };
  m: Messages;
  date: (iso: string) => string;
  selected: boolean;
  /** Ticks the row for bulk actions; null for readers who may not change certificates. */
  toggle: ((id: string) => void) | null;
}) {
  const identifier = c.ehealth ? `${c.ehealth.identifierType}=${c.ehealth.identifierValue}` : c.subject;
  return (
    <tr data-certificate-id={c.id} className={selected ? 'selected' : undefined}>
      {toggle && (
        <td className="select">
          <input
            type="checkbox"
            aria-label={m.bulk.selectOne(identifier)}
            checked={selected}
            onChange={() => toggle(c.id)}
          />
        </td>
      )}
      <th scope="row">
        <a href={`/certificates/${c.id}`}>{identifier}</a>
        {c.ehealth?.applicationId && <span className="muted"> · {c.ehealth.applicationId}</span>}
        {c.state !== 'active' && <span className="tag"> {m.certificateStates[c.state]}</span>}
        <LabelChips labels={c.labels} />
      </th>
      <td>{c.ehealth?.holderName ?? '—'}</td>
      <td>{c.organisationName}</td>
      <td>{m.environments[c.ehealth?.environment ?? 'unknown']}</td>
      <td>
        <StatusBadge status={c.status} /> <MutedTag mute={c.mute} />
        {c.stillInUseBy > 0 && <span className="tag warning">{m.cutOver.stillInUse(c.stillInUseBy)}</span>}
      </td>
      <td>
        {date(c.notAfter)}
        <br />
        <DaysLeft days={c.daysLeft} notAfter={c.notAfter} />
      </td>
      <td>{c.manager?.name ?? '—'}</td>
      <td>
        {c.renewal ? m.renewal.phaseShort(c.renewal.phase) : '—'}
        {c.ready !== undefined && c.ready !== null && (
          <>
            <br />
            <ReadinessBadge ready={c.ready} />
          </>
        )}
      </td>
    </tr>
  );
});
