import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { $api } from '../api/client.js';
import type { OrganisationName } from '../api/types.js';
import { usePasswordLogin } from '../auth/log-in-methods.js';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { OrganisationSelect } from '../ui/organisation-select.js';
import { ErrorMessage } from '../ui/error-message.js';

/** The roles a log-in holds in one organisation (central-admin is installation-wide, given by no form here). */
export const ORGANISATION_LOGIN_ROLES = ['org-admin', 'certificate-manager', 'viewer'] as const;
export type OrganisationLoginRole = (typeof ORGANISATION_LOGIN_ROLES)[number];
export const EHEALTH_ROLES = ['certificate-manager', 'access-manager'] as const;

/** The log-in password policy of the api (users.dto.ts LOGIN_PASSWORD_MIN_LENGTH). */
export const LOGIN_PASSWORD_MIN_LENGTH = 12;

/** The organisations where the user may do `permission`, by name. */
export function useOrganisationsWhere(
  organisations: OrganisationName[],
  permission: string,
): OrganisationName[] {
  const session = useSession();
  return organisations.filter((o) => session.can(permission, o.id));
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

/** How a new log-in gets its password: a mailed link (the default) or one typed now. */
function PasswordChoice() {
  const { m } = useI18n();
  const [how, setHow] = useState<'link' | 'password'>('link');
  return (
    <fieldset>
      <legend>{m.people.howPassword}</legend>
      <label className="check">
        <input
          type="radio"
          name="how"
          value="link"
          checked={how === 'link'}
          onChange={() => setHow('link')}
        />
        {m.people.sendLink}
      </label>
      <label className="check">
        <input
          type="radio"
          name="how"
          value="password"
          checked={how === 'password'}
          onChange={() => setHow('password')}
        />
        {m.people.givePassword}
      </label>
      {how === 'password' && (
        <label className="full">
          <span>{m.people.password}</span>
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={LOGIN_PASSWORD_MIN_LENGTH}
            required
          />
        </label>
      )}
    </fieldset>
  );
}

/**
 * The body's password part: a password, or the request for a set-password link; nothing when the form offered no
 * choice (PASSWORD_LOGIN=off: the log-in signs in through single sign-on or the eID).
 */
function passwordPart(
  form: FormData,
): { password: string } | { sendSetPasswordLink: true } | Record<string, never> {
  const how = form.get('how');
  if (how === 'password') return { password: String(form.get('password')) };
  return how === 'link' ? { sendSetPasswordLink: true } : {};
}

/**
 * A new log-in with a role in one organisation. For `personId`, the log-in is that person's (the person page);
 * otherwise a new person is made with it (the people page).
 */
export function NewLoginForm({
  organisations,
  person,
  onDone,
}: {
  organisations: OrganisationName[];
  person?: { id: string; name: string; email: string | null };
  onDone(message: string): void;
}) {
  const { m } = useI18n();
  const headingId = useId();
  const queryClient = useQueryClient();
  const passwordLogin = usePasswordLogin() === true;
  const create = $api.useMutation('post', '/api/v1/users', {
    onSuccess: async (user, { body }) => {
      await queryClient.invalidateQueries();
      onDone(
        `${m.people.created(user.email)}${'sendSetPasswordLink' in body && body.sendSetPasswordLink ? ` ${m.people.linkEmailed}` : ''}`,
      );
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      body: {
        email: text(form, 'email'),
        ...(person ? { personId: person.id } : { name: text(form, 'name') }),
        roles: [
          {
            role: text(form, 'role') as OrganisationLoginRole,
            organisationId: text(form, 'organisationId'),
          },
        ],
        ...passwordPart(form),
      },
    });
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby={headingId}>
      <h2 id={headingId}>{person ? m.people.giveLogin : m.people.newLogin}</h2>
      <p className="hint">{m.people.newLoginIntro}</p>
      {!person && (
        <label>
          <span>{m.people.name}</span>
          <input name="name" required autoComplete="off" />
        </label>
      )}
      <label>
        <span>{person ? m.people.loginEmail : m.people.email}</span>
        <input name="email" type="email" required defaultValue={person?.email ?? ''} autoComplete="off" />
      </label>
      <div className="field">
        <label htmlFor={`${headingId}-organisation`}>{m.people.organisation}</label>
        <OrganisationSelect
          id={`${headingId}-organisation`}
          name="organisationId"
          required
          defaultValue={organisations.length === 1 ? organisations[0]!.id : ''}
          organisations={organisations}
          choose
        />
      </div>
      <div className="field">
        <label htmlFor={`${headingId}-role`}>{m.people.role}</label>
        <select id={`${headingId}-role`} name="role" required defaultValue="org-admin">
          {ORGANISATION_LOGIN_ROLES.map((role) => (
            <option key={role} value={role}>
              {m.roles[role]}
            </option>
          ))}
        </select>
      </div>
      {passwordLogin && <PasswordChoice />}
      <ErrorMessage error={create.error} />
      <div className="buttons">
        <button type="submit" disabled={create.isPending}>
          {m.people.createLogin}
        </button>
        <button type="button" className="secondary" onClick={() => onDone('')}>
          {m.common.cancel}
        </button>
      </div>
    </form>
  );
}

/** A person who does not log in (a certificate manager, an access manager, a password custodian). */
export function AddPersonForm({
  organisations,
  onDone,
}: {
  organisations: OrganisationName[];
  onDone(message: string): void;
}) {
  const { m } = useI18n();
  const headingId = useId();
  const queryClient = useQueryClient();
  const create = $api.useMutation('post', '/api/v1/people', {
    onSuccess: async (person) => {
      await queryClient.invalidateQueries();
      onDone(m.people.added(person.name));
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const optional = (name: string) => (text(form, name) ? { [name]: text(form, name) } : {});
    create.mutate({
      body: {
        name: text(form, 'name'),
        ...optional('email'),
        ...optional('phone'),
        ...optional('ssin'),
        memberships: [
          {
            organisationId: text(form, 'organisationId'),
            employed: true,
            roles: form.getAll('roles').map(String) as (typeof EHEALTH_ROLES)[number][],
          },
        ],
      },
    });
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby={headingId}>
      <h2 id={headingId}>{m.people.addPerson}</h2>
      <p className="hint">{m.people.addPersonIntro}</p>
      <label>
        <span>{m.people.name}</span>
        <input name="name" required autoComplete="off" />
      </label>
      <label>
        <span>{m.people.email}</span>
        <input name="email" type="email" autoComplete="off" />
      </label>
      <label>
        <span>{m.people.phone}</span>
        <input name="phone" type="tel" autoComplete="off" />
      </label>
      <label>
        <span>{m.people.ssin}</span>
        <input name="ssin" inputMode="numeric" autoComplete="off" />
      </label>
      {organisations.length === 1 ? (
        <input type="hidden" name="organisationId" value={organisations[0]!.id} />
      ) : (
        <div className="field">
          <label htmlFor={`${headingId}-organisation`}>{m.people.organisation}</label>
          <OrganisationSelect
            id={`${headingId}-organisation`}
            name="organisationId"
            required
            defaultValue=""
            organisations={organisations}
            choose
          />
        </div>
      )}
      <fieldset>
        <legend>{m.people.eHealthRoles}</legend>
        {EHEALTH_ROLES.map((role) => (
          <label key={role} className="check">
            <input type="checkbox" name="roles" value={role} />
            {m.personRoles[role]}
          </label>
        ))}
      </fieldset>
      <ErrorMessage error={create.error} />
      <div className="buttons">
        <button type="submit" disabled={create.isPending}>
          {m.common.save}
        </button>
        <button type="button" className="secondary" onClick={() => onDone('')}>
          {m.common.cancel}
        </button>
      </div>
    </form>
  );
}
