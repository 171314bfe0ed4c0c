import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { CustodyAttestationDto } from '../custody-attestation.dto.js';

/** A certificate's custody attestations, newest check first. */
export class ListCustodyAttestationsQuery extends Query<CustodyAttestationDto[]> {
  constructor(
    readonly actor: Actor,
    readonly certificateId: string,
  ) {
    super();
  }
}
