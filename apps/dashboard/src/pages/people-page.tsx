import { useMemo, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { $api } from '../api/client.js';
import type { PersonDto, UserDto } from '../api/schema.js';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { useInAppLinks } from '../ui/in-app-links.js';
import { Loading, LoadingInline, Page } from '../ui/page.js';
import { Pager, PagerBack, usePageStack } from '../ui/pager.js';
import { AddPersonForm, NewLoginForm, useOrganisationsWhere } from './people-forms.js';
import { OrganisationSelect } from '../ui/organisation-select.js';
import { useOrganisations } from './use-organisations.js';

/** One person, with their log-in when they have one: what the people table shows in one row. */
export interface PersonRow {
  personId: string;
  name: string;
  email: string | null;
  memberships: PersonDto['memberships'];
  user: UserDto | undefined;
}

/**
 * The people and the log-ins, one row per person: a log-in is joined to its person, and a log-in whose person the
 * list of people does not hold (a central administrator's own, with no organisation) gets a row of its own.
 */
export function personRows(people: PersonDto[], users: UserDto[]): PersonRow[] {
  const userOf = new Map(users.map((u) => [u.personId, u]));
  const rows: PersonRow[] = people.map((p) => ({
    personId: p.id,
    name: p.name,
    email: p.email ?? userOf.get(p.id)?.email ?? null,
    memberships: p.memberships,
    user: userOf.get(p.id),
  }));
  const listed = new Set(people.map((p) => p.id));
  for (const u of users) {
    if (!listed.has(u.personId))
      rows.push({ personId: u.personId, name: u.name, email: u.email, memberships: [], user: u });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

/** Each organisation of the person, with their eHealth roles and their log-in's roles there, and whether they left. */
export function RolesPerOrganisation({ row, nameOf }: { row: PersonRow; nameOf(id: string): string }) {
  const { m, date } = useI18n();
  const organisationIds = [
    ...new Set([
      ...row.memberships.map((ms) => ms.organisationId),
      ...(row.user?.roles ?? []).flatMap((r) => (r.organisationId ? [r.organisationId] : [])),
    ]),
  ].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  const central = row.user?.roles.some((r) => r.role === 'central-admin');
  if (organisationIds.length === 0 && !central) return <>—</>;
  return (
    <ul className="plain roles-per-organisation">
      {central && <li>{m.roles['central-admin']}</li>}
      {organisationIds.map((organisationId) => {
        const membership = row.memberships.find((ms) => ms.organisationId === organisationId);
        const roles = [
          ...(row.user?.roles ?? [])
            .filter((r) => r.organisationId === organisationId)
            .map((r) => m.roles[r.role]),
          ...(membership?.roles ?? []).map((r) => m.personRoles[r]),
        ];
        return (
          <li key={organisationId}>
            <strong>{nameOf(organisationId)}</strong>: {roles.join(', ') || m.people.noRole}
            {membership && !membership.employed && (
              <span className="tag warning" data-left={membership.leftOn ?? ''}>
                {' '}
                {membership.leftOn ? m.people.hasLeftOn(date(membership.leftOn)) : m.people.hasLeft}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** How the person's log-in stands, in a word or two. */
export function LoginState({ user }: { user: UserDto | undefined }) {
  const { m } = useI18n();
  if (!user) return <span className="muted">{m.people.noLogin}</span>;
  return (
    <>
      {user.email}
      {user.disabled && <span className="tag warning"> {m.people.loginDisabled}</span>}
      {!user.disabled && !user.hasPassword && <span className="tag"> {m.people.noPasswordYet}</span>}
    </>
  );
}

/** People a page shows: a national installation records tens of thousands. */
export const PEOPLE_PAGE_SIZE = 100;

export function PeoplePage() {
  const { m } = useI18n();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const followRowLink = useInAppLinks();
  const organisationId = params.get('organisationId') ?? '';
  const q = params.get('q') ?? '';
  const [form, setForm] = useState<'login' | 'person' | null>(null);
  const [message, setMessage] = useState('');
  const { organisations, nameOf } = useOrganisations();
  const mayManageLogins = session.can('user.manage');
  const pages = usePageStack(params.toString());
  const { after } = pages;
  // One more than a page tells whether a next page exists; the search is the api's, on every person.
  const people = $api.useQuery('get', '/api/v1/people', {
    params: {
      query: {
        limit: PEOPLE_PAGE_SIZE + 1,
        ...(organisationId && { organisationId }),
        ...(q && { q }),
        ...(after && { after }),
      },
    },
  });
  const page = useMemo(() => (people.data ?? []).slice(0, PEOPLE_PAGE_SIZE), [people.data]);
  const hasNext = (people.data?.length ?? 0) > PEOPLE_PAGE_SIZE;
  const single = !hasNext && pages.number === 1;
  // The log-ins of this page's people alone.
  const personId = page.map((p) => p.id);
  const users = $api.useQuery(
    'get',
    '/api/v1/users',
    { params: { query: { personId } } },
    { enabled: mayManageLogins && personId.length > 0 },
  );
  const loginOrganisations = useOrganisationsWhere(organisations, 'user.manage');
  const personOrganisations = useOrganisationsWhere(organisations, 'person.write');

  const rows = useMemo(() => personRows(page, users.data ?? []), [page, users.data]);
  // The rows show as the people come; what a log-in decides (the log-in, its roles, an e-mail only it holds) waits for
  // the log-ins, asked for by the page's ids, and says "not known" when they could not be read (the error shows above).
  const loginsKnown = !mayManageLogins || page.length === 0 || users.data !== undefined;
  const notYet = users.isError ? <span className="muted">{m.people.notKnown}</span> : <LoadingInline />;

  const applyFilters = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    const organisation = String(form.get('organisationId') ?? '');
    if (organisation) next.set('organisationId', organisation);
    const search = String(form.get('q') ?? '').trim();
    if (search) next.set('q', search);
    pages.first();
    setParams(next);
  };
  const done = (text: string) => {
    setForm(null);
    setMessage(text);
  };

  return (
    <Page
      title={m.people.title}
      actions={
        form === null && (
          <>
            {mayManageLogins && loginOrganisations.length > 0 && (
              <button type="button" onClick={() => setForm('login')}>
                {m.people.newLogin}
              </button>
            )}
            {personOrganisations.length > 0 && (
              <button type="button" className="secondary" onClick={() => setForm('person')}>
                {m.people.addPerson}
              </button>
            )}
          </>
        )
      }
    >
      <p className="hint">{m.people.intro}</p>
      {message && (
        <p className="ok" role="status">
          {message}
        </p>
      )}
      {form === 'login' && <NewLoginForm organisations={loginOrganisations} onDone={done} />}
      {form === 'person' && <AddPersonForm organisations={personOrganisations} onDone={done} />}
      <form
        // Keyed by the filters: back in the browser's history, the fields show the filters shown.
        key={params.toString()}
        className="filters"
        onSubmit={applyFilters}
        aria-label={m.people.filters}
      >
        <div className="field">
          <label htmlFor="people-organisation">{m.people.organisation}</label>
          <OrganisationSelect
            id="people-organisation"
            name="organisationId"
            defaultValue={organisationId}
            organisations={organisations}
            first={{ value: '', label: m.people.allOrganisations }}
          />
        </div>
        <label>
          <span>{m.people.searchLabel}</span>
          <input type="search" name="q" defaultValue={q} placeholder={m.people.search} />
        </label>
        <div className="filter-buttons">
          <button type="submit">{m.people.apply}</button>
        </div>
      </form>
      <ErrorMessage error={people.error ?? users.error} />
      {people.isPending ? (
        <Loading />
      ) : people.isError ? (
        <PagerBack label={m.people.pages} number={pages.number} previous={pages.previous} />
      ) : (
        <>
          {single && (
            <p className="result-count" role="status">
              {m.people.count(rows.length)}
            </p>
          )}
          {rows.length === 0 ? (
            <p className="empty">{m.people.none}</p>
          ) : (
            <div className="table-wrap">
              <table className="people">
                <thead>
                  <tr>
                    <th scope="col">{m.people.name}</th>
                    <th scope="col">{m.people.email}</th>
                    <th scope="col">{m.people.rolesPerOrganisation}</th>
                    {mayManageLogins && <th scope="col">{m.people.login}</th>}
                  </tr>
                </thead>
                <tbody onClick={followRowLink}>
                  {rows.map((row) => (
                    <tr key={row.personId} data-person={row.personId}>
                      <th scope="row">
                        <a href={`/people/${row.personId}`}>{row.name}</a>
                      </th>
                      <td className="wrap">{row.email ?? (loginsKnown ? '—' : notYet)}</td>
                      <td>{loginsKnown ? <RolesPerOrganisation row={row} nameOf={nameOf} /> : notYet}</td>
                      {mayManageLogins && (
                        <td className="wrap">{loginsKnown ? <LoginState user={row.user} /> : notYet}</td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {!single && (
            <Pager
              label={m.people.pages}
              number={pages.number}
              previous={pages.previous}
              next={hasNext ? () => pages.next(page.at(-1)!.id) : null}
            />
          )}
        </>
      )}
    </Page>
  );
}
