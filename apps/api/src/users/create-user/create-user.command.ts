import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { RoleGrant } from '../role-grants.js';
import type { UserDto } from '../users.dto.js';

export class CreateUserCommand extends Command<UserDto> {
  constructor(
    readonly actor: Actor | { system: string },
    readonly input: {
      email: string;
      /** Required unless personId is given. */
      name?: string;
      /** The log-in is for this existing person (one the actor administers wholly). */
      personId?: string;
      /** Absent: the log-in has no password yet (eID only, or a set-password link follows). */
      password?: string;
      /** Mail the new log-in a one-time link to choose its password. */
      sendSetPasswordLink?: boolean;
      roles: RoleGrant[];
      ssin?: string;
      phone?: string;
    },
  ) {
    super();
  }
}
