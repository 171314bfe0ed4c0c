import { ForbiddenException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { parseSsin } from '@certdesk/domain';
import type { PersonEntity } from '@certdesk/persistence';
import type { Actor } from '../../access/actor.js';
import { AccessPolicy } from '../../access/access-policy.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { PasswordHasher } from '../../auth/password-hasher.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../../common/errors.js';
import { Transactions } from '../../core/transactions.js';
import { PeopleRepository } from '../../people/people.repository.js';
import { RoleGrantPolicy } from '../role-grants.js';
import { SetPasswordLinks } from '../set-password/set-password-links.js';
import { UserView } from '../user-view.js';
import { UsersRepository } from '../users.repository.js';
import type { UserDto } from '../users.dto.js';
import { CreateUserCommand } from './create-user.command.js';

/**
 * Creates a log-in in organisations the actor administers. A log-in belongs to the organisations that created it:
 * an address already used by a log-in the actor cannot see gets a log-in of its own, so the answer never tells
 * whether the address has an account elsewhere (docs/decisions.md). A central administrator sees every log-in, and
 * is told plainly when the address is taken.
 */
@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UsersRepository,
    private readonly people: PeopleRepository,
    private readonly passwords: PasswordHasher,
    private readonly grants: RoleGrantPolicy,
    private readonly access: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly view: UserView,
    private readonly links: SetPasswordLinks,
  ) {}

  async execute({ actor, input }: CreateUserCommand): Promise<UserDto> {
    const email = input.email.trim().toLowerCase();
    let ssin: string | null = null;
    if (input.ssin !== undefined) {
      const parsed = parseSsin(input.ssin);
      if (!parsed.ok) throw new UnprocessableError('INVALID_SSIN', `ssin: ${parsed.message}`);
      ssin = parsed.value.normalized;
    }
    if (input.personId !== undefined && input.ssin !== undefined) {
      throw new UnprocessableError(
        'PERSON_AND_SSIN',
        'name the person by personId, or give the SSIN of a new log-in, not both',
      );
    }
    if (input.personId === undefined && !input.name?.trim()) {
      throw new UnprocessableError('NAME_REQUIRED', 'a new log-in needs the name of its person');
    }
    if (input.password !== undefined && input.sendSetPasswordLink) {
      throw new UnprocessableError(
        'PASSWORD_AND_LINK',
        'give the user a password, or send them a link to choose one, not both',
      );
    }
    const passwordHash = input.password === undefined ? null : await this.passwords.hash(input.password);

    return this.transactions.run(async (manager) => {
      const roles = 'system' in actor ? input.roles : await this.grants.check(manager, actor, input.roles);
      const organisationIds = [
        ...new Set(roles.flatMap((r) => (r.organisationId ? [r.organisationId] : []))),
      ];
      // Start-up (ADMIN_EMAIL) checked the address itself; anyone else is told only of log-ins they can see.
      const seen = 'system' in actor ? [] : this.access.visibleOrganisationIds(actor, 'user.manage');
      if (await this.users.emailUsedAmong(manager, email, seen)) {
        throw new ConflictError('EMAIL_TAKEN', 'a user with this e-mail address exists already');
      }
      const person =
        (input.personId !== undefined
          ? await this.namedPerson(manager, actor as Actor, input.personId)
          : null) ??
        (ssin ? await this.personToLogIn(manager, actor, ssin, organisationIds) : null) ??
        (await this.people.create(manager, {
          name: input.name!.trim(),
          ssin,
          email,
          phone: input.phone ?? null,
        }));
      const user = await this.users.create(manager, { personId: person.id, email, passwordHash });
      await this.users.addRoles(manager, user.id, roles);
      // A user with a role in an organisation is one of its people.
      await this.people.addMemberships(manager, person.id, organisationIds);

      const after = { userId: user.id, email, name: person.name, roles };
      for (const organisationId of organisationIds.length ? organisationIds : [null]) {
        await this.audit.append(manager, actor, { action: 'user.created', organisationId, after });
      }
      if (input.sendSetPasswordLink && !('system' in actor)) {
        await this.links.issue(manager, actor, user, person.name, organisationIds);
      }
      return this.view.show(actor, user, person, await this.users.rolesOf(manager, user.id));
    });
  }

  /**
   * The person the actor names for the new log-in: one of their people (404 otherwise, as for a missing one), with
   * no log-in yet, and in no organisation the actor does not administer (a log-in would reach their own fields).
   */
  private async namedPerson(manager: EntityManager, actor: Actor, personId: string): Promise<PersonEntity> {
    const person = await this.people.findById(manager, personId);
    const theirs = person
      ? (await this.people.membershipsOf(manager, personId)).map((m) => m.organisationId)
      : [];
    if (!person || !(actor.centralAdmin || theirs.some((id) => this.access.canSee(actor, id))))
      throw new NotFoundError('person');
    if ((await this.people.withLogin(manager, [person.id])).has(person.id)) {
      throw new ConflictError('PERSON_HAS_USER', `this person (${person.id}) has a user account already`);
    }
    if (!this.access.canInAll(actor, 'person.write', theirs)) sharedPersonRefused();
    return person;
  }

  /**
   * The person of these organisations who carries the SSIN, when the new log-in is theirs: someone the actor
   * administers wholly and who has no log-in yet. Null when nobody there carries it (the log-in gets a new person).
   */
  private async personToLogIn(
    manager: EntityManager,
    actor: Actor | { system: string },
    ssin: string,
    organisationIds: string[],
  ): Promise<PersonEntity | null> {
    await this.people.lockSsinsOf(manager, organisationIds);
    const holder = await this.people.ssinHolderIn(manager, ssin, organisationIds);
    if (!holder) return null;
    if ((await this.people.withLogin(manager, [holder.id])).has(holder.id)) {
      throw new ConflictError('PERSON_HAS_USER', `this person (${holder.id}) has a user account already`);
    }
    const theirs = (await this.people.membershipsOf(manager, holder.id)).map((m) => m.organisationId);
    if (!('system' in actor) && !this.access.canInAll(actor, 'person.write', theirs)) sharedPersonRefused();
    return holder;
  }
}

function sharedPersonRefused(): never {
  throw new ForbiddenException({
    statusCode: 403,
    code: 'PERSON_SHARED',
    message:
      'this person also belongs to organisations you do not administer: only someone who administers all of them (a central administrator) may give them a log-in',
  });
}
