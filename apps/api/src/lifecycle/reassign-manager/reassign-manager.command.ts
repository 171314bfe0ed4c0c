import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { CertificateDto } from '../../certificates/certificate.dto.js';
import type { ReassignManagerDto } from '../lifecycle.dto.js';

/** An organisation administrator designates a new certificate manager for one certificate. */
export class ReassignManagerCommand extends Command<CertificateDto> {
  constructor(
    readonly actor: Actor,
    readonly certificateId: string,
    readonly input: ReassignManagerDto,
  ) {
    super();
  }
}
