import { ForbiddenException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { brusselsDate, maskSsin, parseSsin } from '@certdesk/domain';
import type { MembershipEntity, PersonEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../common/errors.js';
import { Clock } from '../core/clock.js';
import { Transactions } from '../core/transactions.js';
import { CreatePersonCommand, UpdatePersonCommand } from './people.commands.js';
import type { MembershipInputDto, PersonDto } from './people.dto.js';
import { PeopleRepository, type MembershipValues, type PersonFields } from './people.repository.js';
import { PersonView } from './person-view.js';

function checkedSsin(input: string | null | undefined): string | null | undefined {
  if (input === undefined || input === null) return input;
  const parsed = parseSsin(input);
  if (!parsed.ok) throw new UnprocessableError('INVALID_SSIN', `ssin: ${parsed.message}`);
  return parsed.value.normalized;
}

/** What the audit trail keeps of an SSIN: never the whole number. */
const auditedSsin = (ssin: string | null | undefined) => (ssin ? maskSsin(ssin) : null);

/** A change to someone other organisations share needs an administrator of all of them. */
function sharedPersonRefused(): never {
  throw new ForbiddenException({
    statusCode: 403,
    code: 'PERSON_SHARED',
    message:
      'this person also belongs to organisations you do not administer: only someone who administers all of them (a central administrator) may change it',
  });
}

/** Two people of one organisation never share an SSIN; the caller holds the organisations' SSIN locks. */
async function requireSsinFree(
  manager: EntityManager,
  people: PeopleRepository,
  ssin: string,
  organisationIds: readonly string[],
  exceptPersonId: string | null,
): Promise<void> {
  const holder = await people.ssinHolderIn(manager, ssin, organisationIds, exceptPersonId);
  if (holder) {
    throw new ConflictError(
      'SSIN_TAKEN',
      `another person of this organisation has this SSIN (person ${holder.id}): change that person instead`,
    );
  }
}

/**
 * A membership as it will be written: whether they still work there and, once they left, the day (given, kept from
 * before, or today). A departure date in the future, or one given while saying they still work there, is refused.
 */
function membershipValues(
  personId: string,
  input: MembershipInputDto,
  existing: MembershipEntity | undefined,
  today: string,
): MembershipValues {
  const leftOn = input.leftOn ?? undefined;
  if (leftOn !== undefined && input.employed === true) {
    throw new UnprocessableError(
      'LEFT_ON_WHILE_EMPLOYED',
      'leftOn: a person who still works there has not left; send employed: false, or no leftOn',
    );
  }
  if (leftOn !== undefined && leftOn > today) {
    throw new UnprocessableError('DATE_IN_FUTURE', 'leftOn: record a departure once it happened, not before');
  }
  const employed = input.employed ?? (leftOn !== undefined ? false : (existing?.employed ?? true));
  const stillLeft = existing && !existing.employed ? existing.leftOn : null;
  return {
    personId,
    organisationId: input.organisationId,
    employed,
    leftOn: employed ? null : (leftOn ?? (input.leftOn === null ? null : (stillLeft ?? today))),
    roles: input.roles ?? existing?.roles ?? [],
  };
}

/** Writes memberships the actor may write, and audits each organisation's change in its own chain. */
async function writeMemberships(
  manager: EntityManager,
  people: PeopleRepository,
  audit: AuditTrail,
  actor: Actor,
  personId: string,
  memberships: MembershipInputDto[],
  current: MembershipEntity[],
  today: string,
): Promise<void> {
  // Checked before anything is written: one bad membership changes none.
  const values = memberships.map((m) =>
    membershipValues(
      personId,
      m,
      current.find((c) => c.organisationId === m.organisationId),
      today,
    ),
  );
  for (const value of values) {
    const before = await people.setMembership(manager, value);
    const shown = (m: Pick<MembershipValues, 'employed' | 'leftOn' | 'roles'>) => ({
      personId,
      employed: m.employed,
      leftOn: m.leftOn,
      roles: m.roles,
    });
    await audit.append(manager, actor, {
      action: before ? 'person.membership-updated' : 'person.membership-added',
      organisationId: value.organisationId,
      before: before ? shown(before) : null,
      after: shown(value),
    });
  }
}

/**
 * Adds a person to organisations the actor administers. Always a new person: an SSIN never finds, reveals or
 * attaches a person of another organisation (docs/decisions.md, "People belong to their organisations").
 */
@CommandHandler(CreatePersonCommand)
export class CreatePersonHandler implements ICommandHandler<CreatePersonCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly people: PeopleRepository,
    private readonly access: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly view: PersonView,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, input }: CreatePersonCommand): Promise<PersonDto> {
    if (input.memberships.length === 0) {
      throw new UnprocessableError('MEMBERSHIP_REQUIRED', 'a person belongs to at least one organisation');
    }
    for (const m of input.memberships)
      this.access.require(actor, 'person.write', m.organisationId, 'organisation');
    const organisationIds = [...new Set(input.memberships.map((m) => m.organisationId))];
    const ssin = checkedSsin(input.ssin) ?? null;
    return this.transactions.run(async (manager) => {
      if (ssin) {
        await this.people.lockSsinsOf(manager, organisationIds);
        await requireSsinFree(manager, this.people, ssin, organisationIds, null);
      }
      const person = await this.people.create(manager, {
        name: input.name.trim(),
        ssin,
        email: input.email?.toLowerCase() ?? null,
        phone: input.phone ?? null,
      });
      for (const organisationId of organisationIds) {
        await this.audit.append(manager, actor, {
          action: 'person.created',
          organisationId,
          after: { personId: person.id, name: person.name, ssin: auditedSsin(ssin) },
        });
      }
      await writeMemberships(
        manager,
        this.people,
        this.audit,
        actor,
        person.id,
        input.memberships,
        [],
        brusselsDate(this.clock.now()),
      );
      const [dto] = await this.view.load(manager, actor, [person]);
      return dto!;
    });
  }
}

/**
 * Changes a person. Their own fields (name, e-mail, phone, SSIN) belong to every organisation they are a member
 * of, so only someone who administers all of those may change them; a membership is its organisation's alone. The
 * SSIN of someone who logs in is what their eID log-in matches: only a central administrator changes it.
 */
@CommandHandler(UpdatePersonCommand)
export class UpdatePersonHandler implements ICommandHandler<UpdatePersonCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly people: PeopleRepository,
    private readonly access: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly view: PersonView,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, personId, changes }: UpdatePersonCommand): Promise<PersonDto> {
    const ssin = checkedSsin(changes.ssin);
    return this.transactions.run(async (manager) => {
      const person = await this.people.findById(manager, personId);
      const memberships = person ? await this.people.membershipsOf(manager, personId) : [];
      if (!person || !memberships.some((m) => this.access.canSee(actor, m.organisationId)))
        throw new NotFoundError('person');
      const organisationIds = memberships.map((m) => m.organisationId);
      const ownsWholePerson = this.access.canInAll(actor, 'person.write', organisationIds);

      const fields = this.fieldChanges(person, changes, ssin);
      if (Object.keys(fields).length) {
        if (!ownsWholePerson) this.refuse(actor, organisationIds);
        if (fields.ssin !== undefined)
          await this.checkSsinChange(manager, actor, person, fields.ssin, organisationIds);
      }
      const joining = (changes.memberships ?? []).filter((m) => !organisationIds.includes(m.organisationId));
      for (const m of changes.memberships ?? [])
        this.access.require(actor, 'person.write', m.organisationId, 'organisation');
      if (joining.length) {
        // Sharing a person with another organisation shares their own fields: it needs the whole person.
        if (!ownsWholePerson) sharedPersonRefused();
        const newSsin = fields.ssin !== undefined ? fields.ssin : person.ssin;
        if (newSsin) {
          const joiningIds = joining.map((m) => m.organisationId);
          await this.people.lockSsinsOf(manager, joiningIds);
          await requireSsinFree(manager, this.people, newSsin, joiningIds, personId);
        }
      }

      if (Object.keys(fields).length) {
        await this.people.update(manager, personId, fields);
        const before = this.audited(person, fields);
        const after = this.audited({ ...person, ...fields }, fields);
        // Every organisation that shares the person sees the change in its own chain.
        for (const organisationId of organisationIds) {
          await this.audit.append(manager, actor, {
            action: fields.ssin !== undefined ? 'person.ssin-changed' : 'person.updated',
            organisationId,
            before: { personId, ...before },
            after: { personId, ...after },
          });
        }
      }
      if (changes.memberships) {
        await writeMemberships(
          manager,
          this.people,
          this.audit,
          actor,
          personId,
          changes.memberships,
          memberships,
          brusselsDate(this.clock.now()),
        );
      }
      const updated = (await this.people.findById(manager, personId))!;
      const [dto] = await this.view.load(manager, actor, [updated]);
      return dto!;
    });
  }

  /** The fields whose value changes, normalised. */
  private fieldChanges(
    person: PersonEntity,
    changes: UpdatePersonCommand['changes'],
    ssin: string | null | undefined,
  ): PersonFields {
    const wanted: PersonFields = {
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(ssin !== undefined ? { ssin } : {}),
      ...(changes.email !== undefined ? { email: changes.email?.toLowerCase() ?? null } : {}),
      ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
    };
    return Object.fromEntries(
      Object.entries(wanted).filter(([key, value]) => person[key as keyof PersonFields] !== value),
    ) as PersonFields;
  }

  private refuse(actor: Actor, organisationIds: string[]): never {
    // Someone who may write none of the person's organisations is told what their role allows, as elsewhere.
    if (!organisationIds.some((id) => this.access.can(actor, 'person.write', id))) {
      const visible = organisationIds.find((id) => this.access.canSee(actor, id))!;
      this.access.require(actor, 'person.write', visible, 'person');
    }
    sharedPersonRefused();
  }

  private async checkSsinChange(
    manager: EntityManager,
    actor: Actor,
    person: PersonEntity,
    ssin: string | null,
    organisationIds: string[],
  ): Promise<void> {
    const logsIn = (await this.people.withLogin(manager, [person.id])).has(person.id);
    if (logsIn && !actor.centralAdmin) {
      throw new ForbiddenException({
        statusCode: 403,
        code: 'SSIN_OF_LOGIN',
        message:
          'this person logs in to Certdesk, and their SSIN is what their eID log-in matches: only a central administrator may change it',
      });
    }
    if (ssin) {
      await this.people.lockSsinsOf(manager, organisationIds);
      await requireSsinFree(manager, this.people, ssin, organisationIds, person.id);
    }
  }

  private audited(person: Pick<PersonEntity, keyof PersonFields>, fields: PersonFields) {
    return Object.fromEntries(
      Object.keys(fields).map((key) => [
        key,
        key === 'ssin' ? auditedSsin(person.ssin) : person[key as keyof PersonFields],
      ]),
    );
  }
}
