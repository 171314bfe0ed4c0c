import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { EidDigestSignatureBodyDto } from '../../eid/eid.dto.js';
import type { HandoverDto } from '../handover.dto.js';

/**
 * A designated signer gives their eID signature over the handover document (the card-bridge's `sign` answer). The
 * second signature completes the handover: the certificates change hands in the same transaction.
 */
export class SignHandoverCommand extends Command<HandoverDto> {
  constructor(
    readonly actor: Actor,
    readonly handoverId: string,
    readonly signature: EidDigestSignatureBodyDto,
  ) {
    super();
  }
}
