import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { $api } from '../api/client.js';
import type { Organisation } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { Loading, Page } from '../ui/page.js';
import { IdentifierTypeSelect } from '../ui/identifier-type-select.js';
import { CalendarFeed } from './calendar-feed.js';
import { OrganisationEtkDirectory } from './etk-directory.js';
import { GenericAddressWarning } from './organisations-page.js';
import { AddPersonForm, NewLoginForm } from './people-forms.js';
import { LoginState, personRows, RolesPerOrganisation } from './people-page.js';
import { useOrganisations } from './use-organisations.js';
import { EvidenceDownload } from './evidence-download.js';

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
          <Identity organisation={o} editable={session.can('organisation.update', o.id)} />
          <ReminderSettings organisation={o} editable={session.can('organisation.update', o.id)} />
        </section>
        <Contacts organisation={o} editable={session.can('organisation.update', o.id)} />
      </div>
      <OrganisationEtkDirectory organisationId={o.id} />
      <CalendarFeed organisationId={o.id} mayRotate={session.can('organisation.update', o.id)} />
      <People organisation={o} />
      {session.can('evidence.organisation', o.id) && <EvidenceDownload scope="organisation" id={o.id} />}
    </Page>
  );
}

/** The organisation's name and eHealth identifiers; its administrators correct them (checked as at creation). */
function Identity({ organisation: o, editable }: { organisation: Organisation; editable: boolean }) {
  const { m } = useI18n();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  // Rows of the form; a key each, so removing one keeps the others' typed values.
  const [rows, setRows] = useState<{ key: number; type: string; value: string }[]>([]);
  const update = $api.useMutation('patch', '/api/v1/organisations/{id}', {
    onSuccess: async () => {
      setEditing(false);
      await queryClient.invalidateQueries();
    },
  });
  const start = () => {
    setRows(o.identifiers.map((i, key) => ({ key, type: i.type, value: i.value })));
    update.reset();
    setEditing(true);
  };
  if (!editing)
    return (
      <>
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
        {editable && (
          <button type="button" className="secondary" onClick={start}>
            {m.organisations.editIdentity}
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
        name: String(form.get('name') ?? '').trim(),
        identifiers: rows.map((row) => ({
          type: String(form.get(`type-${row.key}`) ?? ''),
          value: String(form.get(`value-${row.key}`) ?? '').trim(),
        })),
      },
    });
  };
  return (
    <form className="form" onSubmit={submit} aria-labelledby="org-identity">
      <h2 id="org-identity">{m.organisations.identity}</h2>
      <label>
        <span>{m.organisations.name}</span>
        <input name="name" required defaultValue={o.name} autoComplete="off" />
      </label>
      {rows.map((row, index) => (
        <fieldset key={row.key} className="identifier-row">
          <legend>{m.organisations.identifierNumber(index + 1)}</legend>
          <label>
            <span>{m.organisations.identifierType}</span>
            <IdentifierTypeSelect name={`type-${row.key}`} defaultValue={row.type} />
          </label>
          <label>
            <span>{m.organisations.identifierValue}</span>
            <input
              name={`value-${row.key}`}
              required
              defaultValue={row.value}
              inputMode="numeric"
              autoComplete="off"
            />
          </label>
          <button
            type="button"
            className="link"
            aria-label={m.organisations.removeIdentifier(
              row.type ? `${row.type}=${row.value}` : String(index + 1),
            )}
            onClick={() => setRows(rows.filter((r) => r.key !== row.key))}
          >
            {m.common.remove}
          </button>
        </fieldset>
      ))}
      <div>
        <button
          type="button"
          className="secondary"
          onClick={() =>
            setRows([...rows, { key: Math.max(0, ...rows.map((r) => r.key)) + 1, type: '', value: '' }])
          }
        >
          {m.organisations.addIdentifier}
        </button>
      </div>
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

/** The organisation's people, one row per person with their roles here, and the forms that add people and log-ins. */
function People({ organisation: o }: { organisation: Organisation }) {
  const { m } = useI18n();
  const session = useSession();
  const headingId = useId();
  const { nameOf } = useOrganisations();
  const [form, setForm] = useState<'login' | 'person' | null>(null);
  const [message, setMessage] = useState('');
  const mayManageLogins = session.can('user.manage', o.id);
  const people = $api.useQuery('get', '/api/v1/people', { params: { query: { organisationId: o.id } } });
  const users = $api.useQuery(
    'get',
    '/api/v1/users',
    { params: { query: { organisationId: o.id } } },
    { enabled: mayManageLogins },
  );
  const rows = personRows(people.data ?? [], users.data ?? []).map((row) => ({
    ...row,
    // Here, only this organisation's part.
    memberships: row.memberships.filter((ms) => ms.organisationId === o.id),
    user: row.user && { ...row.user, roles: row.user.roles.filter((r) => r.organisationId === o.id) },
  }));
  const done = (text: string) => {
    setForm(null);
    setMessage(text);
  };
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{m.organisations.people}</h2>
      <p>
        <Link to={`/people?organisationId=${o.id}`}>{m.organisations.seePeople}</Link>
      </p>
      {message && (
        <p className="ok" role="status">
          {message}
        </p>
      )}
      <ErrorMessage error={people.error ?? users.error} />
      {people.data && rows.length === 0 && <p className="empty">{m.organisations.noPeople}</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="people">
            <thead>
              <tr>
                <th scope="col">{m.people.name}</th>
                <th scope="col">{m.people.email}</th>
                <th scope="col">{m.organisations.roles}</th>
                {mayManageLogins && <th scope="col">{m.people.login}</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.personId} data-person={row.personId}>
                  <th scope="row">
                    <Link to={`/people/${row.personId}`}>{row.name}</Link>
                  </th>
                  <td className="wrap">{row.email ?? '—'}</td>
                  <td>
                    <RolesPerOrganisation row={row} nameOf={nameOf} />
                  </td>
                  {mayManageLogins && (
                    <td className="wrap">
                      <LoginState user={row.user} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {form === 'login' && <NewLoginForm organisations={[o]} onDone={done} />}
      {form === 'person' && <AddPersonForm organisations={[o]} onDone={done} />}
      {form === null && (
        <div className="buttons wrap">
          {mayManageLogins && (
            <button type="button" onClick={() => setForm('login')}>
              {m.people.newLogin}
            </button>
          )}
          {session.can('person.write', o.id) && (
            <button type="button" className="secondary" onClick={() => setForm('person')}>
              {m.organisations.addPerson}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

function Contacts({ organisation: o, editable }: { organisation: Organisation; editable: boolean }) {
  const { m } = useI18n();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const update = $api.useMutation('patch', '/api/v1/organisations/{id}', {
    onSuccess: async () => {
      setEditing(null);
      await queryClient.invalidateQueries();
    },
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
        {o.contacts.map((c) =>
          editing === c.id ? (
            <li key={c.id}>
              <ContactForm
                contact={c}
                busy={update.isPending}
                onSave={(changed) => save(o.contacts.map((x) => (x.id === c.id ? { ...x, ...changed } : x)))}
                onCancel={() => setEditing(null)}
              />
            </li>
          ) : (
            <li key={c.id}>
              {c.email}{' '}
              <span className="muted">
                ({m.languages[c.language as keyof typeof m.languages] ?? c.language})
              </span>
              {c.generic && <span className="tag"> {m.organisations.generic}</span>}
              {c.deliveryFailedAt && <span className="tag warning"> {m.organisations.deliveryFailed}</span>}
              {editable && (
                <>
                  {' '}
                  <button
                    type="button"
                    className="link"
                    aria-label={m.organisations.editContact(c.email)}
                    onClick={() => setEditing(c.id)}
                  >
                    {m.common.edit}
                  </button>{' '}
                  <button
                    type="button"
                    className="link"
                    aria-label={m.organisations.removeContact(c.email)}
                    onClick={() => save(o.contacts.filter((x) => x.id !== c.id))}
                  >
                    {m.common.remove}
                  </button>
                </>
              )}
            </li>
          ),
        )}
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

/** One contact address, edited in place: the address, its language, whether it is generic. */
function ContactForm({
  contact,
  busy,
  onSave,
  onCancel,
}: {
  contact: Organisation['contacts'][number];
  busy: boolean;
  onSave(changed: Pick<Organisation['contacts'][number], 'email' | 'language' | 'generic'>): void;
  onCancel(): void;
}) {
  const { m } = useI18n();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    onSave({
      email: String(form.get('email') ?? '').trim(),
      language: String(form.get('language')) as (typeof CONTACT_LANGUAGES)[number],
      generic: form.get('generic') === 'on',
    });
  };
  return (
    <form className="form inline" onSubmit={submit} aria-label={m.organisations.editContact(contact.email)}>
      <label>
        <span>{m.organisations.email}</span>
        <input name="email" type="email" required defaultValue={contact.email} />
      </label>
      <label>
        <span>{m.organisations.language}</span>
        <select name="language" defaultValue={contact.language}>
          {CONTACT_LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {m.languages[l as keyof typeof m.languages] ?? l}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" name="generic" defaultChecked={contact.generic} />
        {m.organisations.generic}
      </label>
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {m.organisations.saveContact}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
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
