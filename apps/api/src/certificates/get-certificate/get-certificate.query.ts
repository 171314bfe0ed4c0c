import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { CertificateDetailDto } from '../certificate-detail.dto.js';

export class GetCertificateQuery extends Query<CertificateDetailDto> {
  constructor(
    readonly actor: Actor,
    readonly certificateId: string,
  ) {
    super();
  }
}
