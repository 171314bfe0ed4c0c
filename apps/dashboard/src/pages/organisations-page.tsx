import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { $api } from '../api/client.js';
import type { Organisation } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { useInAppLinks } from '../ui/in-app-links.js';
import { IdentifierTypeSelect } from '../ui/identifier-type-select.js';
import { Loading, Page } from '../ui/page.js';
import { ListPager, onePage, PagerBack, usePageStack } from '../ui/pager.js';

/** DOMAIN.md: reminders must reach at least one generic address, not only people who may leave. */
export function GenericAddressWarning({ organisation }: { organisation: Organisation }) {
  const { m } = useI18n();
  if (organisation.contacts.some((c) => c.generic)) return null;
  return (
    <p className="warning" role="note">
      <span aria-hidden="true">⚠ </span>
      {m.organisations.noGenericAddress}
    </p>
  );
}

/** Organisations a page shows: a national installation holds ten thousand, which no one reads on one page. */
export const ORGANISATIONS_PAGE_SIZE = 100;
/** From how many organisations the page offers a search. */
const SEARCH_FROM = 20;

export function OrganisationsPage() {
  const { m } = useI18n();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const followRowLink = useInAppLinks();
  const q = params.get('q') ?? '';
  const pages = usePageStack(q);
  const { after } = pages;
  // One more than a page tells whether a next page exists, without counting every organisation.
  const list = $api.useQuery('get', '/api/v1/organisations', {
    params: { query: { limit: ORGANISATIONS_PAGE_SIZE + 1, ...(q && { q }), ...(after && { after }) } },
  });
  const { rows: page, hasNext } = onePage(list.data, ORGANISATIONS_PAGE_SIZE);
  // A search box over the three organisations of a small installation is only noise (and a viewer's page stays
  // free of buttons); it comes with more than a screenful, and stays while a search or a later page is shown.
  const searchable = q !== '' || pages.number > 1 || (list.data?.length ?? 0) > SEARCH_FROM;
  const [creating, setCreating] = useState(false);
  const applySearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const search = String(new FormData(event.currentTarget).get('q') ?? '').trim();
    pages.first();
    setParams(search ? { q: search } : {});
  };
  return (
    <Page
      title={m.organisations.title}
      actions={
        session.can('organisation.create') &&
        !creating && (
          <button type="button" onClick={() => setCreating(true)}>
            {m.organisations.create}
          </button>
        )
      }
    >
      {creating && <CreateOrganisation onDone={() => setCreating(false)} />}
      {searchable && (
        // Keyed by the search: back in the browser's history, the field shows the search shown.
        <form key={q} className="filters" onSubmit={applySearch} aria-label={m.organisations.searchForm}>
          <label>
            <span>{m.organisations.searchLabel}</span>
            <input type="search" name="q" defaultValue={q} placeholder={m.organisations.searchPlaceholder} />
          </label>
          <div className="filter-buttons">
            <button type="submit">{m.organisations.search}</button>
          </div>
        </form>
      )}
      <ErrorMessage error={list.error} />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <PagerBack label={m.organisations.pages} number={pages.number} previous={pages.previous} />
      ) : page.length === 0 && pages.number === 1 ? (
        <p className="empty">{q ? m.organisations.noMatch : m.organisations.none}</p>
      ) : (
        <>
          <table>
            <thead>
              <tr>
                <th scope="col">{m.organisations.name}</th>
                <th scope="col">{m.organisations.identifiers}</th>
                <th scope="col">{m.organisations.contacts}</th>
                <th scope="col">{m.organisations.languages}</th>
              </tr>
            </thead>
            <tbody onClick={followRowLink}>
              {page.map((o) => (
                <tr key={o.id}>
                  <th scope="row">
                    <a href={`/organisations/${o.id}`}>{o.name}</a>
                  </th>
                  <td>{o.identifiers.map((i) => `${i.type}=${i.value}`).join(', ')}</td>
                  <td>
                    {o.contacts.length}
                    <GenericAddressWarning organisation={o} />
                  </td>
                  <td>
                    {o.languages.map((l) => m.languages[l as keyof typeof m.languages] ?? l).join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ListPager
            label={m.organisations.pages}
            pages={pages}
            hasNext={hasNext}
            lastKey={page.at(-1)?.id}
          />
        </>
      )}
    </Page>
  );
}

function CreateOrganisation({ onDone }: { onDone(): void }) {
  const { m } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = $api.useMutation('post', '/api/v1/organisations', {
    onSuccess: (organisation) => {
      // Every page's list of organisations (useOrganisations keeps the names a minute) now has one more.
      void queryClient.invalidateQueries();
      onDone();
      void navigate(`/organisations/${organisation.id}`);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const language = text('language') as 'fr' | 'nl' | 'de' | 'en';
    create.mutate({
      body: {
        name: text('name'),
        identifiers: [{ type: text('identifierType'), value: text('identifierValue') }],
        languages: [language],
        contacts: text('genericEmail') ? [{ email: text('genericEmail'), language, generic: true }] : [],
      },
    });
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="create-organisation">
      <h2 id="create-organisation">{m.organisations.create}</h2>
      <label>
        <span>{m.organisations.name}</span>
        <input name="name" required />
      </label>
      <label>
        <span>{m.organisations.identifierType}</span>
        <IdentifierTypeSelect name="identifierType" />
      </label>
      <label>
        <span>{m.organisations.identifierValue}</span>
        <input name="identifierValue" required inputMode="numeric" />
      </label>
      <label>
        <span>{m.organisations.language}</span>
        <select name="language" defaultValue="fr">
          <option value="fr">{m.languages.fr}</option>
          <option value="nl">{m.languages.nl}</option>
          <option value="de">{m.languages.de}</option>
          <option value="en">{m.languages.en}</option>
        </select>
      </label>
      <label>
        <span>{m.organisations.genericEmail}</span>
        <input name="genericEmail" type="email" placeholder="info@…" />
      </label>
      <ErrorMessage error={create.error} />
      <div className="buttons">
        <button type="submit" disabled={create.isPending}>
          {m.organisations.create}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {m.common.cancel}
        </button>
      </div>
    </form>
  );
}
