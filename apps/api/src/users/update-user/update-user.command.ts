import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { RoleGrant } from '../role-grants.js';
import type { UserDto } from '../users.dto.js';

export class UpdateUserCommand extends Command<UserDto> {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly changes: { roles?: RoleGrant[]; disabled?: boolean; password?: string },
  ) {
    super();
  }
}
