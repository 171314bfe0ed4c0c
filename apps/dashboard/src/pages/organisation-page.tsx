import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { $api } from '../api/client.js';
import type { Organisation } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { Loading, Page } from '../ui/page.js';
import { CalendarFeed } from './calendar-feed.js';
import { GenericAddressWarning } from './organisations-page.js';

const CONTACT_LANGUAGES = ['fr', 'nl', 'de', 'en'] as const;

export function OrganisationPage() {
  const { id = '' } = useParams();
  const { m } = useI18n();
  const organisation = $api.useQuery('get', '/api/v1/organisations/{id}', { params: { path: { id } } });
  if (organisation.isPending) return <Loading />;
  if (!organisation.data)
    return (
      <Page title={m.organisations.title}>
        <ErrorMessage error={organisation.error} />
      </Page>
    );
  return <OrganisationView organisation={organisation.data} />;
}

function OrganisationView({ organisation: o }: { organisation: Organisation }) {
  const { m } = useI18n();
  const session = useSession();
  const people = $api.useQuery('get', '/api/v1/people', { params: { query: { organisationId: o.id } } });
  const users = $api.useQuery(
    'get',
    '/api/v1/users',
    { params: { query: { organisationId: o.id } } },
    { enabled: session.can('user.manage', o.id) },
  );
  return (
    <Page
      title={o.name}
      actions={
        <Link className="button secondary" to={`/certificates?organisationId=${o.id}`}>
          {m.organisations.itsCertificates}
        </Link>
      }
    >
      <div className="grid">
        <section className="card" aria-labelledby="org-identity">
          <h2 id="org-identity">{m.organisations.identifiers}</h2>
          <ul className="plain">
            {o.identifiers.map((i) => (
              <li key={`${i.type}=${i.value}`}>
                <code>
                  {i.type}={i.value}
                </code>
                {!i.knownType && <span className="tag warning"> {m.organisations.unknownType}</span>}
                {i.checkDigitsValid === false && (
                  <span className="tag warning"> {m.organisations.badCheckDigits}</span>
                )}
              </li>
            ))}
          </ul>
          <ReminderSettings organisation={o} editable={session.can('organisation.update', o.id)} />
        </section>
        <Contacts organisation={o} editable={session.can('organisation.update', o.id)} />
      </div>
      <CalendarFeed organisationId={o.id} mayRotate={session.can('organisation.update', o.id)} />
      <section aria-labelledby="people-heading">
        <h2 id="people-heading">{m.organisations.people}</h2>
        <ErrorMessage error={people.error} />
        {people.data && people.data.length === 0 && <p className="empty">{m.organisations.noPeople}</p>}
        {people.data && people.data.length > 0 && (
          <table>
            <thead>
              <tr>
                <th scope="col">{m.organisations.name}</th>
                <th scope="col">{m.organisations.email}</th>
                <th scope="col">{m.organisations.roles}</th>
                <th scope="col">{m.organisations.employed}</th>
              </tr>
            </thead>
            <tbody>
              {people.data.map((p) => {
                const membership = p.memberships.find((ms) => ms.organisationId === o.id);
                const user = users.data?.find((u) => u.personId === p.id);
                const roles = [
                  ...(membership?.roles ?? []).map((r) => m.personRoles[r]),
                  ...(user?.roles ?? [])
                    .filter((r) => r.organisationId === o.id || r.role === 'central-admin')
                    .map((r) => m.roles[r.role]),
                ];
                return (
                  <tr key={p.id}>
                    <th scope="row">{p.name}</th>
                    <td>{p.email ?? '—'}</td>
                    <td>{roles.join(', ') || '—'}</td>
                    <td>{membership?.employed === false ? m.organisations.hasLeft : m.common.yes}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {session.can('person.write', o.id) && <AddPerson organisationId={o.id} />}
      </section>
    </Page>
  );
}

function Contacts({ organisation: o, editable }: { organisation: Organisation; editable: boolean }) {
  const { m } = useI18n();
  const queryClient = useQueryClient();
  const update = $api.useMutation('patch', '/api/v1/organisations/{id}', {
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const save = (contacts: Organisation['contacts']) =>
    update.mutate({
      params: { path: { id: o.id } },
      body: { contacts: contacts.map(({ email, language, generic }) => ({ email, language, generic })) },
    });
  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    save([
      ...o.contacts,
      {
        id: '',
        email: String(form.get('email')).trim(),
        language: String(form.get('language')) as (typeof CONTACT_LANGUAGES)[number],
        generic: form.get('generic') === 'on',
        deliveryFailedAt: null,
        deliveryFailure: null,
      },
    ]);
    formElement.reset();
  };
  return (
    <section className="card" aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">{m.organisations.contacts}</h2>
      <GenericAddressWarning organisation={o} />
      <ul className="plain">
        {o.contacts.map((c) => (
          <li key={c.id}>
            {c.email}{' '}
            <span className="muted">
              ({m.languages[c.language as keyof typeof m.languages] ?? c.language})
            </span>
            {c.generic && <span className="tag"> {m.organisations.generic}</span>}
            {c.deliveryFailedAt && <span className="tag warning"> {m.organisations.deliveryFailed}</span>}
            {editable && (
              <button
                type="button"
                className="link"
                aria-label={m.organisations.removeContact(c.email)}
                onClick={() => save(o.contacts.filter((x) => x.id !== c.id))}
              >
                {m.common.remove}
              </button>
            )}
          </li>
        ))}
      </ul>
      {editable && (
        <form className="form inline" onSubmit={add} aria-label={m.organisations.addContact}>
          <label>
            <span>{m.organisations.email}</span>
            <input name="email" type="email" required />
          </label>
          <label>
            <span>{m.organisations.language}</span>
            <select name="language" defaultValue="fr">
              {CONTACT_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {m.languages[l as keyof typeof m.languages] ?? l}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" name="generic" />
            {m.organisations.generic}
          </label>
          <button type="submit" disabled={update.isPending}>
            {m.organisations.addContact}
          </button>
        </form>
      )}
      <ErrorMessage error={update.error} />
    </section>
  );
}

function AddPerson({ organisationId }: { organisationId: string }) {
  const { m } = useI18n();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const create = $api.useMutation('post', '/api/v1/people', {
    onSuccess: async () => {
      setOpen(false);
      await queryClient.invalidateQueries();
    },
  });
  if (!open)
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        {m.organisations.addPerson}
      </button>
    );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const roles = form.getAll('roles').map(String) as ('certificate-manager' | 'access-manager')[];
    create.mutate({
      body: {
        name: String(form.get('name')).trim(),
        ...(email ? { email } : {}),
        memberships: [{ organisationId, employed: true, roles }],
      },
    });
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="add-person">
      <h3 id="add-person">{m.organisations.addPerson}</h3>
      <label>
        <span>{m.organisations.name}</span>
        <input name="name" required />
      </label>
      <label>
        <span>{m.organisations.email}</span>
        <input name="email" type="email" />
      </label>
      <fieldset>
        <legend>{m.organisations.roles}</legend>
        <label className="check">
          <input type="checkbox" name="roles" value="certificate-manager" />
          {m.personRoles['certificate-manager']}
        </label>
        <label className="check">
          <input type="checkbox" name="roles" value="access-manager" />
          {m.personRoles['access-manager']}
        </label>
      </fieldset>
      <ErrorMessage error={create.error} />
      <div className="buttons">
        <button type="submit" disabled={create.isPending}>
          {m.common.save}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {m.common.cancel}
        </button>
      </div>
    </form>
  );
}

/** The languages reminders are written in, the days before expiry they go out, and whether the manager is copied. */
function ReminderSettings({ organisation: o, editable }: { organisation: Organisation; editable: boolean }) {
  const { m } = useI18n();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const update = $api.useMutation('patch', '/api/v1/organisations/{id}', {
    onSuccess: async () => {
      setEditing(false);
      await queryClient.invalidateQueries();
    },
  });
  const language = (l: string) => m.languages[l as keyof typeof m.languages] ?? l;
  if (!editing)
    return (
      <>
        <h3>{m.organisations.languages}</h3>
        <p>{o.languages.map(language).join(', ') || '—'}</p>
        <h3>{m.organisations.milestones}</h3>
        <p>{m.organisations.milestoneList(o.reminderMilestones)}</p>
        <p>{o.managerInCopy ? m.organisations.managerInCopy : m.organisations.managerNotInCopy}</p>
        {editable && (
          <button type="button" className="secondary" onClick={() => setEditing(true)}>
            {m.organisations.editReminders}
          </button>
        )}
      </>
    );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    update.mutate({
      params: { path: { id: o.id } },
      body: {
        languages: form.getAll('languages').map(String) as (typeof CONTACT_LANGUAGES)[number][],
        reminderMilestones: String(form.get('milestones') ?? '')
          .split(/[\s,;]+/)
          .filter(Boolean)
          .map(Number),
        managerInCopy: form.get('managerInCopy') === 'on',
      },
    });
  };
  return (
    <form className="form" onSubmit={submit} aria-label={m.organisations.editReminders}>
      <fieldset>
        <legend>{m.organisations.languages}</legend>
        {CONTACT_LANGUAGES.map((l) => (
          <label key={l} className="check">
            <input type="checkbox" name="languages" value={l} defaultChecked={o.languages.includes(l)} />
            {language(l)}
          </label>
        ))}
      </fieldset>
      <label>
        <span>{m.organisations.milestoneDays}</span>
        <input name="milestones" defaultValue={o.reminderMilestones.join(', ')} inputMode="numeric" />
      </label>
      <label className="check">
        <input type="checkbox" name="managerInCopy" defaultChecked={o.managerInCopy} />
        {m.organisations.managerInCopyLabel}
      </label>
      <ErrorMessage error={update.error} />
      <div className="buttons">
        <button type="submit" disabled={update.isPending}>
          {m.common.save}
        </button>
        <button type="button" className="secondary" onClick={() => setEditing(false)}>
          {m.common.cancel}
        </button>
      </div>
    </form>
  );
}
