import { Command } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import type { MuteDto, MuteInputDto } from '../mutes.dto.js';

/**
 * Mute one certificate's reminders (or, with `warningCode`, one of its warnings) with a reason, until an end date.
 * One certificate per command, audited per certificate: a bulk action sends one per selected certificate, passing
 * its own transaction's `manager` so the whole selection commits or fails together.
 */
export class MuteCertificateCommand extends Command<MuteDto> {
  constructor(
    readonly actor: Actor,
    readonly certificateId: string,
    readonly input: MuteInputDto,
    readonly options: { warningCode?: string | null; manager?: EntityManager } = {},
  ) {
    super();
  }
}
