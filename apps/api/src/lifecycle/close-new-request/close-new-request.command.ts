import { Command } from '@nestjs/cqrs';
import type { NewRequestAction } from '@certdesk/domain';
import type { Actor } from '../../access/actor.js';
import type { NewRequestDto } from '../lifecycle.dto.js';

/**
 * A new request ends: `complete` (the certificate was installed; `certificateId` links it once imported) or
 * `abandon` (with its reason as the note).
 */
export class CloseNewRequestCommand extends Command<NewRequestDto> {
  constructor(
    readonly actor: Actor,
    readonly requestId: string,
    readonly action: NewRequestAction,
    readonly note: string | null,
    readonly certificateId: string | null = null,
  ) {
    super();
  }
}
