import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { RevocationDto, RevokeCertificateDto } from '../lifecycle.dto.js';

/**
 * The certificate was revoked with eHealth (DOMAIN.md procedure 4): record it, abandon its open renewal, and
 * (by default) open a new request for the replacement.
 */
export class RevokeCertificateCommand extends Command<RevocationDto> {
  constructor(
    readonly actor: Actor,
    readonly certificateId: string,
    readonly input: RevokeCertificateDto,
  ) {
    super();
  }
}
