import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { HandoverDto, OpenHandoverDto } from '../handover.dto.js';

/** Opens a certificate-manager handover: renders its document, to be signed by both sides with their eID. */
export class OpenHandoverCommand extends Command<HandoverDto> {
  constructor(
    readonly actor: Actor,
    readonly input: OpenHandoverDto,
  ) {
    super();
  }
}
