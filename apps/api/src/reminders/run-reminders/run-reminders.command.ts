import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { RunRequestedDto } from '../reminders.dto.js';

/** Start a reminder scan now (central administrators), besides the daily schedule. */
export class RunRemindersCommand extends Command<RunRequestedDto> {
  constructor(readonly actor: Actor) {
    super();
  }
}
