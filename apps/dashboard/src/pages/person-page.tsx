import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { brusselsDate } from '@certdesk/domain';
import { $api } from '../api/client.js';
import type { PersonDto, UserDto } from '../api/schema.js';
import type { OrganisationName } from '../api/types.js';
import { usePasswordLogin } from '../auth/log-in-methods.js';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';
import { ErrorMessage } from '../ui/error-message.js';
import { Loading, Page } from '../ui/page.js';
import {
  EHEALTH_ROLES,
  LOGIN_PASSWORD_MIN_LENGTH,
  NewLoginForm,
  ORGANISATION_LOGIN_ROLES,
  type OrganisationLoginRole,
} from './people-forms.js';
import { useOrganisations } from './use-organisations.js';

/** A person: their details, their place in each organisation (roles, "has left" with the day), their log-in. */
export function PersonPage() {
  const { id = '' } = useParams();
  const { m } = useI18n();
  const session = useSession();
  const person = $api.useQuery('get', '/api/v1/people/{id}', { params: { path: { id } } });
  // Their log-in alone, not every log-in of the installation.
  const users = $api.useQuery(
    'get',
    '/api/v1/users',
    { params: { query: { personId: [id] } } },
    { enabled: session.can('user.manage') },
  );
  if (person.isPending) return <Loading />;
  if (!person.data)
    return (
      <Page title={m.people.title}>
        <ErrorMessage error={person.error} />
      </Page>
    );
  return <PersonView person={person.data} logins={users} />;
}

/** The person's log-in as read so far: `data` (their log-in, or none) once known, the error when it could not be. */
interface LoginsRead {
  data?: UserDto[] | undefined;
  error: unknown;
}

function PersonView({ person, logins }: { person: PersonDto; logins: LoginsRead }) {
  const { m } = useI18n();
  const session = useSession();
  const { organisations, nameOf } = useOrganisations();
  const [message, setMessage] = useState('');
  const organisationIds = person.memberships.map((ms) => ms.organisationId);
  // A person's own fields belong to all their organisations (docs/decisions.md 5).
  const ownsWholePerson =
    session.me?.centralAdmin ||
    (organisationIds.length > 0 && organisationIds.every((o) => session.can('person.write', o)));
  return (
    <Page
      title={person.name}
      actions={
        <Link className="button secondary" to="/people">
          {m.people.title}
        </Link>
      }
    >
      {message && (
        <p className="ok" role="status">
          {message}
        </p>
      )}
      <div className="grid">
        <Details person={person} editable={!!ownsWholePerson} onSaved={setMessage} />
        <Memberships person={person} nameOf={nameOf} onSaved={setMessage} />
      </div>
      {session.can('user.manage') && (
        <LoginSection person={person} logins={logins} organisations={organisations} onDone={setMessage} />
      )}
    </Page>
  );
}

function Details({
  person,
  editable,
  onSaved,
}: {
  person: PersonDto;
  editable: boolean;
  onSaved(message: string): void;
}) {
  const { m } = useI18n();
  const headingId = useId();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const update = $api.useMutation('patch', '/api/v1/people/{id}', {
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      setEditing(false);
      onSaved(m.people.saved);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    const orNull = (name: string) => value(name) || null;
    update.mutate({
      params: { path: { id: person.id } },
      body: {
        ...(value('name') !== person.name ? { name: value('name') } : {}),
        ...(orNull('email') !== person.email ? { email: orNull('email') } : {}),
        ...(orNull('phone') !== person.phone ? { phone: orNull('phone') } : {}),
        // The SSIN shows masked: only a number typed here changes it.
        ...(value('ssin') ? { ssin: value('ssin') } : {}),
      },
    });
  };
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{m.people.details}</h2>
      {editing ? (
        <form className="form" onSubmit={submit} aria-label={m.people.editDetails}>
          <label>
            <span>{m.people.name}</span>
            <input name="name" required defaultValue={person.name} autoComplete="off" />
          </label>
          <label>
            <span>{m.people.email}</span>
            <input name="email" type="email" defaultValue={person.email ?? ''} autoComplete="off" />
          </label>
          <label>
            <span>{m.people.phone}</span>
            <input name="phone" type="tel" defaultValue={person.phone ?? ''} autoComplete="off" />
          </label>
          <label>
            <span>{person.ssin ? m.people.newSsin : m.people.ssin}</span>
            <input
              name="ssin"
              inputMode="numeric"
              autoComplete="off"
              aria-describedby={`${headingId}-ssin`}
            />
          </label>
          {person.ssin && (
            <p className="hint" id={`${headingId}-ssin`}>
              {m.people.ssin}: <code>{person.ssin}</code>. {m.people.ssinMasked}
            </p>
          )}
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
      ) : (
        <>
          <dl className="facts">
            <div>
              <dt>{m.people.name}</dt>
              <dd>{person.name}</dd>
            </div>
            <div>
              <dt>{m.people.email}</dt>
              <dd>{person.email ?? '—'}</dd>
            </div>
            <div>
              <dt>{m.people.phone}</dt>
              <dd>{person.phone ?? '—'}</dd>
            </div>
            <div>
              <dt>{m.people.ssin}</dt>
              <dd>{person.ssin ? <code data-ssin>{person.ssin}</code> : '—'}</dd>
            </div>
          </dl>
          {editable && (
            <button type="button" className="secondary" onClick={() => setEditing(true)}>
              {m.people.editDetails}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function Memberships({
  person,
  nameOf,
  onSaved,
}: {
  person: PersonDto;
  nameOf(id: string): string;
  onSaved(message: string): void;
}) {
  const { m } = useI18n();
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{m.people.organisations}</h2>
      {person.memberships.length === 0 ? (
        <p className="empty">—</p>
      ) : (
        <ul className="plain memberships">
          {person.memberships.map((membership) => (
            <Membership
              key={membership.organisationId}
              personId={person.id}
              membership={membership}
              organisationName={nameOf(membership.organisationId)}
              onSaved={onSaved}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function Membership({
  personId,
  membership,
  organisationName,
  onSaved,
}: {
  personId: string;
  membership: PersonDto['memberships'][number];
  organisationName: string;
  onSaved(message: string): void;
}) {
  const { m, date } = useI18n();
  const session = useSession();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<'departure' | 'roles' | null>(null);
  const editable = session.can('person.write', membership.organisationId);
  const update = $api.useMutation('patch', '/api/v1/people/{id}', {
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      setForm(null);
      onSaved(m.people.saved);
    },
  });
  const write = (changes: {
    employed?: boolean;
    leftOn?: string;
    roles?: (typeof EHEALTH_ROLES)[number][];
  }) =>
    update.mutate({
      params: { path: { id: personId } },
      body: {
        memberships: [
          {
            organisationId: membership.organisationId,
            employed: changes.employed ?? membership.employed,
            ...changes,
          },
        ],
      },
    });
  const recordDeparture = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    write({ employed: false, leftOn: String(new FormData(event.currentTarget).get('leftOn')) });
  };
  const saveRoles = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    write({
      roles: new FormData(event.currentTarget)
        .getAll('roles')
        .map(String) as (typeof EHEALTH_ROLES)[number][],
    });
  };
  return (
    <li className="membership" data-organisation={membership.organisationId}>
      <h3>
        <Link to={`/organisations/${membership.organisationId}`}>{organisationName}</Link>
      </h3>
      <dl className="facts">
        <div>
          <dt>{m.people.eHealthRoles}</dt>
          <dd>{membership.roles.map((r) => m.personRoles[r]).join(', ') || m.people.noRole}</dd>
        </div>
        <div>
          <dt>{membership.employed ? m.people.worksThere : m.people.leftOn}</dt>
          <dd>
            {membership.employed ? (
              m.common.yes
            ) : (
              <span className="warning" data-left-on={membership.leftOn ?? ''}>
                {membership.leftOn ? date(membership.leftOn) : m.people.unknownDay}
              </span>
            )}
          </dd>
        </div>
      </dl>
      {editable && form === null && (
        <div className="buttons wrap">
          <button type="button" className="secondary" onClick={() => setForm('roles')}>
            {m.people.editRoles(organisationName)}
          </button>
          {membership.employed ? (
            <button type="button" className="secondary" onClick={() => setForm('departure')}>
              {m.people.recordDeparture(organisationName)}
            </button>
          ) : (
            <button type="button" className="secondary" onClick={() => write({ employed: true })}>
              {m.people.isBack(organisationName)}
            </button>
          )}
        </div>
      )}
      {form === 'departure' && (
        <form
          className="form inline"
          onSubmit={recordDeparture}
          aria-label={m.people.recordDeparture(organisationName)}
        >
          <label>
            <span>{m.people.departureDay}</span>
            <input
              name="leftOn"
              type="date"
              required
              defaultValue={brusselsDate(new Date())}
              max={brusselsDate(new Date())}
            />
          </label>
          <div className="buttons">
            <button type="submit" disabled={update.isPending}>
              {m.people.saveDeparture}
            </button>
            <button type="button" className="secondary" onClick={() => setForm(null)}>
              {m.common.cancel}
            </button>
          </div>
        </form>
      )}
      {form === 'roles' && (
        <form className="form" onSubmit={saveRoles} aria-label={m.people.editRoles(organisationName)}>
          <fieldset>
            <legend>{m.people.editRoles(organisationName)}</legend>
            {EHEALTH_ROLES.map((role) => (
              <label key={role} className="check">
                <input
                  type="checkbox"
                  name="roles"
                  value={role}
                  defaultChecked={membership.roles.includes(role)}
                />
                {m.personRoles[role]}
              </label>
            ))}
          </fieldset>
          <div className="buttons">
            <button type="submit" disabled={update.isPending}>
              {m.people.saveRoles}
            </button>
            <button type="button" className="secondary" onClick={() => setForm(null)}>
              {m.common.cancel}
            </button>
          </div>
        </form>
      )}
      <ErrorMessage error={update.error} />
    </li>
  );
}

function LoginSection({
  person,
  logins,
  organisations,
  onDone,
}: {
  person: PersonDto;
  logins: LoginsRead;
  organisations: OrganisationName[];
  onDone(message: string): void;
}) {
  const { m } = useI18n();
  const session = useSession();
  const headingId = useId();
  const [giving, setGiving] = useState(false);
  const user = logins.data?.find((u) => u.personId === person.id);
  // Where the log-in's roles may be given: the person's organisations (and the log-in's) the user administers.
  const candidates = organisations.filter(
    (o) =>
      session.can('user.manage', o.id) &&
      (person.memberships.some((ms) => ms.organisationId === o.id) ||
        user?.roles.some((r) => r.organisationId === o.id) ||
        session.me?.centralAdmin),
  );
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{m.people.loginTitle}</h2>
      <ErrorMessage error={logins.error} />
      {/* Until their log-in is known, nothing is offered that depends on it: no "give a log-in" to one who has one. */}
      {logins.data === undefined ? (
        !logins.error && <Loading />
      ) : user ? (
        <Login user={user} organisations={candidates} onDone={onDone} />
      ) : giving ? (
        <NewLoginForm
          organisations={candidates}
          person={person}
          onDone={(message) => {
            setGiving(false);
            onDone(message);
          }}
        />
      ) : (
        <>
          <p>{m.people.noLogin}</p>
          {candidates.length > 0 && (
            <button type="button" onClick={() => setGiving(true)}>
              {m.people.giveLogin}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function Login({
  user,
  organisations,
  onDone,
}: {
  user: UserDto;
  organisations: OrganisationName[];
  onDone(message: string): void;
}) {
  const { m, dateTime } = useI18n();
  const session = useSession();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<'roles' | 'password' | 'disable' | null>(null);
  const refresh = () => queryClient.invalidateQueries();
  const update = $api.useMutation('patch', '/api/v1/users/{id}', {
    onSuccess: async (_, { body }) => {
      await refresh();
      setForm(null);
      onDone(
        body.password
          ? m.people.passwordChanged
          : body.disabled === true
            ? m.people.disabled
            : body.disabled === false
              ? m.people.enabled
              : m.people.saved,
      );
    },
  });
  const passwordLogin = usePasswordLogin() === true;
  const sendLink = $api.useMutation('post', '/api/v1/users/{id}/set-password-link', {
    onSuccess: async (sent) => {
      await refresh();
      onDone(m.people.linkSent(sent.email, dateTime(sent.expiresAt)));
    },
  });
  const endSessions = $api.useMutation('delete', '/api/v1/users/{id}/sessions', {
    onSuccess: (result) => onDone(m.sessions.endedForUser(result.ended)),
  });
  const central = user.roles.filter((r) => r.role === 'central-admin');
  const saveRoles = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const grants = organisations.flatMap((o) =>
      form
        .getAll(`roles-${o.id}`)
        .map((role) => ({ role: String(role) as OrganisationLoginRole, organisationId: o.id })),
    );
    // The api replaces the roles where the actor administers log-ins: a central administrator's own role stays.
    update.mutate({
      params: { path: { id: user.id } },
      body: { roles: [...(session.me?.centralAdmin ? central : []), ...grants] },
    });
  };
  const setPassword = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update.mutate({
      params: { path: { id: user.id } },
      body: { password: String(new FormData(event.currentTarget).get('password')) },
    });
  };
  return (
    <div className="card login-card" data-user={user.id}>
      <dl className="facts">
        <div>
          <dt>{m.people.loginEmail}</dt>
          <dd>{user.email}</dd>
        </div>
        <div>
          <dt>{m.people.loginState}</dt>
          <dd>
            {user.disabled ? <span className="warning">{m.people.loginDisabled}</span> : m.people.active}
            {!user.hasPassword && <span className="tag"> ({m.people.noPasswordYet})</span>}
          </dd>
        </div>
        <div>
          <dt>{m.people.lastLogin}</dt>
          <dd>{user.lastLoginAt ? dateTime(user.lastLoginAt) : m.people.never}</dd>
        </div>
        <div>
          <dt>{m.people.certdeskRoles}</dt>
          <dd>
            {user.roles.length === 0
              ? m.people.noRole
              : user.roles
                  .map((r) =>
                    r.organisationId
                      ? `${organisations.find((o) => o.id === r.organisationId)?.name ?? '—'}: ${m.roles[r.role]}`
                      : m.roles[r.role],
                  )
                  .join('; ')}
          </dd>
        </div>
      </dl>
      {form === null && (
        <div className="buttons wrap">
          <button type="button" className="secondary" onClick={() => setForm('roles')}>
            {m.people.certdeskRoles}
          </button>
          {!user.disabled && passwordLogin && (
            <button
              type="button"
              className="secondary"
              disabled={sendLink.isPending}
              onClick={() => sendLink.mutate({ params: { path: { id: user.id } } })}
            >
              {m.people.sendLinkNow}
            </button>
          )}
          {passwordLogin && (
            <button type="button" className="secondary" onClick={() => setForm('password')}>
              {m.people.setPassword}
            </button>
          )}
          {!user.disabled && (
            <button
              type="button"
              className="secondary"
              disabled={endSessions.isPending}
              onClick={() => endSessions.mutate({ params: { path: { id: user.id } } })}
            >
              {m.sessions.endAllForUser}
            </button>
          )}
          {user.disabled ? (
            <button
              type="button"
              className="secondary"
              onClick={() => update.mutate({ params: { path: { id: user.id } }, body: { disabled: false } })}
            >
              {m.people.enable}
            </button>
          ) : (
            <button type="button" className="danger" onClick={() => setForm('disable')}>
              {m.people.disable}
            </button>
          )}
        </div>
      )}
      {form === 'roles' && (
        <form className="form" onSubmit={saveRoles} aria-label={m.people.certdeskRoles}>
          {organisations.map((o) => (
            <fieldset key={o.id}>
              <legend>{m.people.certdeskRolesIn(o.name)}</legend>
              {ORGANISATION_LOGIN_ROLES.map((role) => (
                <label key={role} className="check">
                  <input
                    type="checkbox"
                    name={`roles-${o.id}`}
                    value={role}
                    defaultChecked={user.roles.some((r) => r.organisationId === o.id && r.role === role)}
                  />
                  {m.roles[role]}
                </label>
              ))}
            </fieldset>
          ))}
          <div className="buttons">
            <button type="submit" disabled={update.isPending}>
              {m.people.saveCertdeskRoles}
            </button>
            <button type="button" className="secondary" onClick={() => setForm(null)}>
              {m.common.cancel}
            </button>
          </div>
        </form>
      )}
      {form === 'password' && (
        <form className="form" onSubmit={setPassword} aria-label={m.people.setPassword}>
          <label>
            <span>{m.people.newPassword}</span>
            <input
              name="password"
              type="password"
              autoComplete="new-password"
              required
              minLength={LOGIN_PASSWORD_MIN_LENGTH}
            />
          </label>
          <div className="buttons">
            <button type="submit" disabled={update.isPending}>
              {m.people.setPassword}
            </button>
            <button type="button" className="secondary" onClick={() => setForm(null)}>
              {m.common.cancel}
            </button>
          </div>
        </form>
      )}
      {form === 'disable' && (
        <ConfirmDialog
          title={m.people.disableTitle(user.email)}
          confirmLabel={m.people.disable}
          cancelLabel={m.common.cancel}
          danger
          busy={update.isPending}
          onConfirm={() => update.mutate({ params: { path: { id: user.id } }, body: { disabled: true } })}
          onCancel={() => setForm(null)}
        >
          <p>{m.people.disableBody}</p>
        </ConfirmDialog>
      )}
      <ErrorMessage error={update.error ?? sendLink.error ?? endSessions.error} />
    </div>
  );
}
