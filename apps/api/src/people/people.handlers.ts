import { ForbiddenException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { maskSsin, parseSsin } from '@certdesk/domain';
import type { MembershipEntity, PersonEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../common/errors.js';
import { Transactions } from '../core/transactions.js';
import { CreatePersonCommand, UpdatePersonCommand } from './people.commands.js';
import type { MembershipInputDto, PersonDto } from './people.dto.js';
import { PeopleRepository, type PersonFields } from './people.repository.js';
import { PersonView } from './person-view.js';

function checkedSsin(input: string | undefined): string | undefined {
  if (input === undefined) return undefined;
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

/** Writes memberships the actor may write, and audits each organisation's change in its own chain. */
async function writeMemberships(
  manager: EntityManager,
  people: PeopleRepository,
  audit: AuditTrail,
  actor: Actor,
  personId: string,
  memberships: MembershipInputDto[],
  current: MembershipEntity[],
): Promise<void> {
  for (const m of memberships) {
    const existing = current.find((c) => c.organisationId === m.organisationId);
    const values = {
      personId,
      organisationId: m.organisationId,
      employed: m.employed ?? existing?.employed ?? true,
      roles: m.roles ?? existing?.roles ?? [],
    };
    const before = await people.setMembership(manager, values);
    await audit.append(manager, actor, {
      action: before ? 'person.membership-updated' : 'person.membership-added',
      organisationId: m.organisationId,
      before: before ? { personId, employed: before.employed, roles: before.roles } : null,
      after: { personId, employed: values.employed, roles: values.roles },
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
      await writeMemberships(manager, this.people, this.audit, actor, person.id, input.memberships, []);
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
        const newSsin = fields.ssin ?? person.ssin;
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
    ssin: string | undefined,
  ): PersonFields {
    const wanted: PersonFields = {
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(ssin !== undefined ? { ssin } : {}),
      ...(changes.email !== undefined ? { email: changes.email.toLowerCase() } : {}),
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
