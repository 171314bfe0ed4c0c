import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { CustodyAttestationDto, RecordCustodyAttestationDto } from '../custody-attestation.dto.js';

/** Records the signed-in custodian's check that the certificate's keystore still opens (or did not). */
export class RecordCustodyAttestationCommand extends Command<CustodyAttestationDto> {
  constructor(
    readonly actor: Actor,
    readonly certificateId: string,
    readonly input: RecordCustodyAttestationDto,
  ) {
    super();
  }
}
