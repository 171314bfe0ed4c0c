import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { HandoverDto } from '../handover.dto.js';

/** Withdraws a handover awaiting signatures (wrong certificates, a new manager after all, an expired one). */
export class CancelHandoverCommand extends Command<HandoverDto> {
  constructor(
    readonly actor: Actor,
    readonly handoverId: string,
    readonly reason: string,
  ) {
    super();
  }
}
