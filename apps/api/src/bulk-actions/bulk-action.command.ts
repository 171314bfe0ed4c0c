import { Command } from '@nestjs/cqrs';
import type { Actor } from '../access/actor.js';
import type { BulkActionDto, BulkResultDto } from './bulk-action.dto.js';

/** One action on a selection of certificates: all of them or none, one audit event per certificate changed. */
export class BulkActionCommand extends Command<BulkResultDto> {
  constructor(
    readonly actor: Actor,
    readonly input: BulkActionDto,
  ) {
    super();
  }
}
