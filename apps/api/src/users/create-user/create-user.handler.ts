import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { parseSsin } from '@certdesk/domain';
import { MembershipEntity, PersonEntity, UserEntity, UserRoleEntity } from '@certdesk/persistence';
import { AuditTrail } from '../../audit/audit-trail.js';
import { PasswordHasher } from '../../auth/password-hasher.js';
import { ConflictError, UnprocessableError } from '../../common/errors.js';
import { RoleGrantPolicy } from '../role-grants.js';
import { toUserDto } from '../user-view.js';
import type { UserDto } from '../users.dto.js';
import { CreateUserCommand } from './create-user.command.js';

@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly grants: RoleGrantPolicy,
    private readonly audit: AuditTrail,
  ) {}

  async execute({ actor, input }: CreateUserCommand): Promise<UserDto> {
    const email = input.email.trim().toLowerCase();
    let ssin: string | null = null;
    if (input.ssin !== undefined) {
      const parsed = parseSsin(input.ssin);
      if (!parsed.ok) throw new UnprocessableError('INVALID_SSIN', `ssin: ${parsed.message}`);
      ssin = parsed.value.normalized;
    }
    const passwordHash = await this.passwords.hash(input.password);

    return this.db.transaction(async (manager) => {
      const roles = 'system' in actor ? input.roles : await this.grants.check(manager, actor, input.roles);
      if (await manager.getRepository(UserEntity).existsBy({ email })) {
        throw new ConflictError('EMAIL_TAKEN', 'a user with this e-mail address exists already');
      }
      let person = ssin ? await manager.getRepository(PersonEntity).findOneBy({ ssin }) : null;
      if (person && (await manager.getRepository(UserEntity).existsBy({ personId: person.id }))) {
        throw new ConflictError('PERSON_HAS_USER', 'this person has a user account already');
      }
      person ??= await manager
        .getRepository(PersonEntity)
        .save(
          manager
            .getRepository(PersonEntity)
            .create({ name: input.name, ssin, email, phone: input.phone ?? null }),
        );
      const user = await manager
        .getRepository(UserEntity)
        .save(manager.getRepository(UserEntity).create({ personId: person.id, email, passwordHash }));
      const roleRows = await manager
        .getRepository(UserRoleEntity)
        .save(roles.map((r) => manager.getRepository(UserRoleEntity).create({ userId: user.id, ...r })));

      // A user with a role in an organisation is one of its people.
      const organisationIds = [
        ...new Set(roles.flatMap((r) => (r.organisationId ? [r.organisationId] : []))),
      ];
      if (organisationIds.length) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(MembershipEntity)
          .values(organisationIds.map((organisationId) => ({ personId: person.id, organisationId })))
          .orIgnore()
          .execute();
      }
      const after = { userId: user.id, email, name: person.name, roles };
      for (const organisationId of organisationIds.length ? organisationIds : [null]) {
        await this.audit.append(manager, actor, { action: 'user.created', organisationId, after });
      }
      return toUserDto(user, person, roleRows);
    });
  }
}
