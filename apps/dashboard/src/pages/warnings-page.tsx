import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { $api } from '../api/client.js';
import type { components } from '../api/schema.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { Loading, Page } from '../ui/page.js';
import { DaysLeft } from '../ui/status-badge.js';
import { useSession } from '../auth/session.js';
import { OrganisationWarningMute, WarningMuteCell } from './mute.js';
import { OrganisationFilter } from '../ui/organisation-select.js';
import { useOrganisations } from './use-organisations.js';

type WarningGroup = components['schemas']['WarningGroupDto'];
type WarningItem = components['schemas']['WarningItemDto'];
type WarningCode = WarningGroup['code'];

/** Every kind the api raises, in the filter's order: the compiler refuses a kind missing here. */
const CODE_ORDER: Record<WarningCode, number> = {
  MANAGER_LEFT: 0,
  PRODUCTION_LIMIT_EXCEEDED: 1,
  RENEWABLE_NO_RENEWAL: 2,
  KEYSTORE_LOCATION_UNKNOWN: 3,
  UNKNOWN_ENVIRONMENT: 4,
  NO_GENERIC_CONTACT: 5,
  CONTACT_DELIVERY_FAILED: 6,
  ETK_UNKNOWN_TO_INVENTORY: 7,
  ETK_KEYSTORE_MISMATCH: 8,
  ETK_RENEWAL_NOT_ACTIVATED: 9,
  ETK_DISCOVERY_FAILING: 10,
};
const CODES = (Object.keys(CODE_ORDER) as WarningCode[]).sort((a, b) => CODE_ORDER[a] - CODE_ORDER[b]);
const GROUPS_PER_PAGE = 20;
/** Certificates named in each group at first; "show all" pages through the rest of one group. */
const ITEMS_SHOWN = 10;
const ITEMS_PER_PAGE = 50;
/** Muted warnings: listed and marked, left out, or alone (the api's `muted`). */
const MUTE_FILTERS = ['include', 'exclude', 'only'] as const;
type MuteFilter = (typeof MUTE_FILTERS)[number];
const muteFilterOf = (value: string | null): MuteFilter => MUTE_FILTERS.find((f) => f === value) ?? 'include';

/** Every warning, grouped by organisation and kind, a page of groups at a time; filters live in the address. */
export function WarningsPage() {
  const { m } = useI18n();
  const [search, setSearch] = useSearchParams();
  const organisationId = search.get('organisationId') || undefined;
  const code = CODES.find((c) => c === search.get('code'));
  const page = Math.max(0, Number(search.get('page')) || 0);
  const muted = muteFilterOf(search.get('muted'));
  const groups = $api.useQuery('get', '/api/v1/warnings/groups', {
    params: {
      query: {
        organisationId,
        code: code ? [code] : undefined,
        limit: GROUPS_PER_PAGE,
        offset: page * GROUPS_PER_PAGE,
        items: ITEMS_SHOWN,
        muted,
      },
    },
  });
  // The filter's options (every organisation's name) once the list has answered: its rows carry their names.
  const { organisations } = useOrganisations({ enabled: !groups.isPending });
  const pages = groups.data ? Math.max(1, Math.ceil(groups.data.total / GROUPS_PER_PAGE)) : 1;
  const goTo = (next: number) => {
    const params = new URLSearchParams(search);
    if (next > 0) params.set('page', String(next));
    else params.delete('page');
    setSearch(params);
  };
  return (
    <Page title={m.warnings.title}>
      <p className="hint">{m.warnings.intro}</p>
      <form
        className="filters"
        aria-label={m.certificates.filters}
        key={search.toString()}
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const next = new URLSearchParams();
          for (const key of ['organisationId', 'code', 'muted']) {
            const value = form.get(key);
            if (typeof value === 'string' && value) next.set(key, value);
          }
          setSearch(next);
        }}
      >
        <OrganisationFilter
          name="organisationId"
          defaultValue={organisationId ?? ''}
          organisations={organisations}
        />
        <label>
          <span>{m.warnings.kind}</span>
          <select name="code" defaultValue={code ?? ''}>
            <option value="">{m.common.all}</option>
            {CODES.map((c) => (
              <option key={c} value={c}>
                {m.warnings.kinds[c]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{m.mutes.filter}</span>
          <select name="muted" defaultValue={muted === 'include' ? '' : muted}>
            <option value="">{m.mutes.filters.include}</option>
            <option value="exclude">{m.mutes.filters.exclude}</option>
            <option value="only">{m.mutes.filters.only}</option>
          </select>
        </label>
        <div className="filter-buttons">
          <button type="submit">{m.certificates.applyFilters}</button>
        </div>
      </form>
      <ErrorMessage error={groups.error} />
      {groups.isPending ? (
        <Loading />
      ) : groups.data ? (
        <>
          <p className="result-count" role="status">
            {m.warnings.groupCount(groups.data.total)}
          </p>
          <WarningGroups groups={groups.data.groups} headingLevel={2} />
          {groups.data.total > GROUPS_PER_PAGE && (
            <nav className="pager" aria-label={m.certificates.pages}>
              <button
                type="button"
                className="secondary"
                disabled={page === 0}
                onClick={() => goTo(page - 1)}
              >
                {m.common.previousPage}
              </button>
              <span>{m.warnings.pageOf(page + 1, pages)}</span>
              <button
                type="button"
                className="secondary"
                disabled={page + 1 >= pages}
                onClick={() => goTo(page + 1)}
              >
                {m.common.nextPage}
              </button>
            </nav>
          )}
        </>
      ) : null}
    </Page>
  );
}

/** Groups as sections: the organisation and the kind once, then the certificates (or addresses) it names. */
export function WarningGroups({
  groups,
  headingLevel,
  compact = false,
}: {
  groups: WarningGroup[];
  headingLevel: 2 | 3;
  /** The overview's short form: the first certificates only, with a link to the warnings page. */
  compact?: boolean;
}) {
  const { m } = useI18n();
  if (groups.length === 0) return <p className="empty">{m.warnings.none}</p>;
  return (
    <div className="warning-groups">
      {groups.map((group) => (
        <WarningGroupView
          key={`${group.organisationId}/${group.code}`}
          group={group}
          headingLevel={headingLevel}
          compact={compact}
        />
      ))}
    </div>
  );
}

function WarningGroupView({
  group,
  headingLevel,
  compact,
}: {
  group: WarningGroup;
  headingLevel: 2 | 3;
  compact: boolean;
}) {
  const { m } = useI18n();
  const session = useSession();
  const mayMute = !compact && session.can('certificate.mute', group.organisationId);
  const headingId = useId();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const [expanded, setExpanded] = useState(false);
  const hidden = group.count - group.items.length;
  return (
    <section
      className={`warning-group warning-${group.severity}`}
      aria-labelledby={headingId}
      data-code={group.code}
      data-organisation-id={group.organisationId}
    >
      <Heading id={headingId}>
        <span className="badge">{m.warnings.severity[group.severity]}</span>{' '}
        <Link to={`/organisations/${group.organisationId}`}>{group.organisationName}</Link>
        {': '}
        {m.warnings.groupTitle[group.code](group.count)}
      </Heading>
      <p className="muted">{m.warnings.advice[group.code]}</p>
      {mayMute && (
        <OrganisationWarningMute
          organisationId={group.organisationId}
          code={group.code}
          muted={group.items.find((item) => item.mute?.organisationWide)?.mute}
        />
      )}
      {expanded ? (
        <GroupPages group={group} mayMute={mayMute} />
      ) : (
        group.code !== 'NO_GENERIC_CONTACT' && (
          <ItemsTable
            code={group.code}
            items={group.items}
            organisationId={group.organisationId}
            mayMute={mayMute}
          />
        )
      )}
      {hidden > 0 &&
        !expanded &&
        (compact ? (
          <p>
            <Link
              to={`/warnings?organisationId=${group.organisationId}&code=${group.code}`}
              // The visible words first (WCAG 2.5.3), then which group they open.
              aria-label={`${m.warnings.more(hidden)}: ${group.organisationName}, ${m.warnings.kinds[group.code]}`}
            >
              {m.warnings.more(hidden)}
            </Link>
          </p>
        ) : (
          <button type="button" className="link" onClick={() => setExpanded(true)}>
            {m.warnings.showAll(group.count)}
          </button>
        ))}
    </section>
  );
}

/** Every item of one group, ITEMS_PER_PAGE at a time. */
function GroupPages({ group, mayMute }: { group: WarningGroup; mayMute: boolean }) {
  const { m } = useI18n();
  const [search] = useSearchParams();
  const [page, setPage] = useState(0);
  const pages = Math.ceil(group.count / ITEMS_PER_PAGE);
  const items = $api.useQuery('get', '/api/v1/warnings/groups', {
    params: {
      query: {
        organisationId: group.organisationId,
        code: [group.code],
        items: ITEMS_PER_PAGE,
        itemsOffset: page * ITEMS_PER_PAGE,
        muted: muteFilterOf(search.get('muted')),
      },
    },
  });
  const loaded = items.data?.groups[0]?.items;
  return (
    <>
      <ErrorMessage error={items.error} />
      {loaded ? (
        <ItemsTable
          code={group.code}
          items={loaded}
          organisationId={group.organisationId}
          mayMute={mayMute}
        />
      ) : (
        <Loading />
      )}
      {pages > 1 && (
        <nav className="pager" aria-label={m.warnings.pagesOf(group.organisationName)}>
          <button type="button" className="secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>
            {m.common.previousPage}
          </button>
          <span>{m.warnings.pageOf(page + 1, pages)}</span>
          <button
            type="button"
            className="secondary"
            disabled={page + 1 >= pages}
            onClick={() => setPage(page + 1)}
          >
            {m.common.nextPage}
          </button>
        </nav>
      )}
    </>
  );
}

/** The group's certificates (identifier, application ID, days left), or its addresses, or its holders over the limit. */
function ItemsTable({
  code,
  items,
  organisationId,
  mayMute,
}: {
  code: WarningCode;
  items: WarningItem[];
  organisationId: string;
  mayMute: boolean;
}) {
  const { m, number } = useI18n();
  if (code === 'CONTACT_DELIVERY_FAILED') {
    return (
      <div className="table-wrap">
        <table className="warning-items">
          <thead>
            <tr>
              <th scope="col">{m.warnings.address}</th>
              <th scope="col">{m.warnings.failure}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.contactEmail}>
                <th scope="row">{item.contactEmail}</th>
                <td>{item.failure ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  if (code === 'ETK_DISCOVERY_FAILING') {
    // One per organisation: what the depot (or the way to it) answered.
    return <p>{items[0]?.failure ?? ''}</p>;
  }
  if (code === 'PRODUCTION_LIMIT_EXCEEDED') {
    return (
      <div className="table-wrap">
        <table className="warning-items">
          <thead>
            <tr>
              <th scope="col">{m.warnings.holder}</th>
              <th scope="col">{m.warnings.inForce}</th>
              <th scope="col">{m.warnings.allowed}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item, i) => (
              <tr key={i}>
                <th scope="row">
                  {item.identifierType
                    ? `${item.identifierType}=${item.identifierValue}`
                    : m.warnings.theOrganisation}
                </th>
                <td>{number(item.used ?? 0)}</td>
                <td>{number(item.limit ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <div className="table-wrap">
      <table className="warning-items">
        <thead>
          <tr>
            <th scope="col">{m.certificates.identifier}</th>
            <th scope="col">{m.certificate.applicationId}</th>
            <th scope="col">{m.certificates.holder}</th>
            <th scope="col">{m.warnings.daysLeft}</th>
            {code === 'MANAGER_LEFT' && <th scope="col">{m.warnings.managerWhoLeft}</th>}
            <th scope="col">{m.mutes.column}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.certificateId} className={`warning-${item.severity}`}>
              <th scope="row">
                <Link to={`/certificates/${item.certificateId}`}>
                  {item.identifierType
                    ? `${item.identifierType}=${item.identifierValue}`
                    : m.audit.certificate}
                </Link>
              </th>
              <td>{item.applicationId ?? '—'}</td>
              <td>{item.holderName ?? '—'}</td>
              <td>{item.daysLeft === undefined ? '—' : <DaysLeft days={item.daysLeft} />}</td>
              {code === 'MANAGER_LEFT' && <td>{item.managerName ?? '—'}</td>}
              <td>
                {item.certificateId ? (
                  <WarningMuteCell
                    certificateId={item.certificateId}
                    organisationId={organisationId}
                    code={code}
                    mute={item.mute}
                    editable={mayMute}
                  />
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
