import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { RoleGrant } from '../role-grants.js';
import type { UserDto } from '../users.dto.js';

export class CreateUserCommand extends Command<UserDto> {
  constructor(
    readonly actor: Actor | { system: string },
    readonly input: {
      email: string;
      name: string;
      password: string;
      roles: RoleGrant[];
      ssin?: string;
      phone?: string;
    },
  ) {
    super();
  }
}
