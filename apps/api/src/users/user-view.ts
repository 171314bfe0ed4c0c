import type { PersonEntity, UserEntity, UserRoleEntity } from '@certdesk/persistence';
import type { UserDto } from './users.dto.js';

export function toUserDto(user: UserEntity, person: PersonEntity, roles: UserRoleEntity[]): UserDto {
  return {
    id: user.id,
    personId: person.id,
    email: user.email,
    name: person.name,
    disabled: user.disabled,
    roles: roles.map((r) => ({ role: r.role, organisationId: r.organisationId })),
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}
