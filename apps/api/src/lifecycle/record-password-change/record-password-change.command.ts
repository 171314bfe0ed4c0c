import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { PasswordChangeDto, RecordPasswordChangeDto } from '../lifecycle.dto.js';

/** The keystore's password was changed (DOMAIN.md procedure 5): when, and who knows the new one. Never the password. */
export class RecordPasswordChangeCommand extends Command<PasswordChangeDto> {
  constructor(
    readonly actor: Actor,
    readonly certificateId: string,
    readonly input: RecordPasswordChangeDto,
  ) {
    super();
  }
}
