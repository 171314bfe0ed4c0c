import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { CertificateDto } from '../certificate.dto.js';
import type { UpdateCertificateDto } from './update-certificate.dto.js';

/** Changes what Certdesk knows around a certificate: who holds the password, where the keystore is, usages, notes. */
export class UpdateCertificateCommand extends Command<CertificateDto> {
  constructor(
    readonly actor: Actor,
    readonly certificateId: string,
    readonly changes: UpdateCertificateDto,
  ) {
    super();
  }
}
