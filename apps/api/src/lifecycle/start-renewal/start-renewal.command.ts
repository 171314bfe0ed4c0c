import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { RenewalCaseDto, StartRenewalDto } from '../lifecycle.dto.js';

/** Phase 1 was sent with the eHealth tool: open the certificate's renewal case. */
export class StartRenewalCommand extends Command<RenewalCaseDto> {
  constructor(
    readonly actor: Actor,
    readonly certificateId: string,
    readonly input: StartRenewalDto,
  ) {
    super();
  }
}
