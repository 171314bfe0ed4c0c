import { Command } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../access/actor.js';

/** End a certificate's mute in force (its reminders', or one warning's with `warningCode`) before its end date. */
export class UnmuteCertificateCommand extends Command<void> {
  constructor(
    readonly actor: Actor,
    readonly certificateId: string,
    readonly options: { warningCode?: string | null; manager?: EntityManager } = {},
  ) {
    super();
  }
}
