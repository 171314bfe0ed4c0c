import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { parseSsin } from '@certdesk/domain';
import { MembershipEntity, PersonEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../common/errors.js';
import { CreatePersonCommand, UpdatePersonCommand } from './people.commands.js';
import type { MembershipInputDto, PersonDto } from './people.dto.js';
import { PersonView } from './person-view.js';

function checkedSsin(input: string | undefined): string | null | undefined {
  if (input === undefined) return undefined;
  const parsed = parseSsin(input);
  if (!parsed.ok) throw new UnprocessableError('INVALID_SSIN', `ssin: ${parsed.message}`);
  return parsed.value.normalized;
}

/** Writes memberships in organisations where the actor may manage people; audits each organisation's change. */
async function setMemberships(
  manager: EntityManager,
  access: AccessPolicy,
  audit: AuditTrail,
  actor: Actor,
  personId: string,
  memberships: MembershipInputDto[],
): Promise<void> {
  for (const m of memberships) {
    access.require(actor, 'person.write', m.organisationId, 'organisation');
    const repo = manager.getRepository(MembershipEntity);
    const before = await repo.findOneBy({ personId, organisationId: m.organisationId });
    const values = {
      personId,
      organisationId: m.organisationId,
      employed: m.employed ?? before?.employed ?? true,
      roles: m.roles ?? before?.roles ?? [],
    };
    await repo.upsert(values, ['personId', 'organisationId']);
    await audit.append(manager, actor, {
      action: before ? 'person.membership-updated' : 'person.membership-added',
      organisationId: m.organisationId,
      before: before ? { personId, employed: before.employed, roles: before.roles } : null,
      after: { personId, employed: values.employed, roles: values.roles },
    });
  }
}

@CommandHandler(CreatePersonCommand)
export class CreatePersonHandler implements ICommandHandler<CreatePersonCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
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
    const ssin = checkedSsin(input.ssin);
    return this.db.transaction(async (manager) => {
      const repo = manager.getRepository(PersonEntity);
      // The SSIN is the person: someone already known (elsewhere too) gets a membership, not a second record.
      let person = ssin ? await repo.findOneBy({ ssin }) : null;
      person ??= await repo.save(
        repo.create({
          name: input.name.trim(),
          ssin: ssin ?? null,
          email: input.email?.toLowerCase() ?? null,
          phone: input.phone ?? null,
        }),
      );
      await setMemberships(manager, this.access, this.audit, actor, person.id, input.memberships);
      const [dto] = await this.view.load(manager, actor, [person]);
      return dto!;
    });
  }
}

@CommandHandler(UpdatePersonCommand)
export class UpdatePersonHandler implements ICommandHandler<UpdatePersonCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly view: PersonView,
  ) {}

  async execute({ actor, personId, changes }: UpdatePersonCommand): Promise<PersonDto> {
    const ssin = checkedSsin(changes.ssin);
    return this.db.transaction(async (manager) => {
      const person = await manager.getRepository(PersonEntity).findOneBy({ id: personId });
      const memberships = person ? await manager.getRepository(MembershipEntity).findBy({ personId }) : [];
      const writable = memberships.filter((m) => this.access.can(actor, 'person.write', m.organisationId));
      if (!person || !memberships.some((m) => this.access.canSee(actor, m.organisationId)))
        throw new NotFoundError('person');
      if (!actor.centralAdmin && writable.length === 0) {
        this.access.require(actor, 'person.write', memberships[0]!.organisationId, 'person');
      }
      if (ssin && ssin !== person.ssin && (await manager.getRepository(PersonEntity).existsBy({ ssin }))) {
        throw new ConflictError('SSIN_TAKEN', 'another person has this SSIN');
      }
      const fields = {
        ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
        ...(ssin !== undefined ? { ssin } : {}),
        ...(changes.email !== undefined ? { email: changes.email.toLowerCase() } : {}),
        ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
      };
      if (Object.keys(fields).length) {
        await manager.getRepository(PersonEntity).update({ id: personId }, fields);
        const audited = { ...fields, ...(fields.ssin ? { ssin: '(changed)' } : {}) };
        for (const m of writable.length ? writable : memberships.slice(0, 1)) {
          await this.audit.append(manager, actor, {
            action: 'person.updated',
            organisationId: m.organisationId,
            after: { personId, ...audited },
          });
        }
      }
      if (changes.memberships)
        await setMemberships(manager, this.access, this.audit, actor, personId, changes.memberships);
      const updated = await manager.getRepository(PersonEntity).findOneByOrFail({ id: personId });
      const [dto] = await this.view.load(manager, actor, [updated]);
      return dto!;
    });
  }
}
