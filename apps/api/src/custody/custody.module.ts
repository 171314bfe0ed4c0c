import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { CustodyAttestationsController } from './custody-attestations.controller.js';
import { CustodyAttestationsRepository } from './custody-attestations.repository.js';
import { ListCustodyAttestationsHandler } from './list-custody-attestations/list-custody-attestations.handler.js';
import { RecordCustodyAttestationHandler } from './record-custody-attestation/record-custody-attestation.handler.js';

/** Password custody: the custodian's checks that the keystore still opens, proven without revealing anything. */
@Module({
  imports: [CertificatesModule],
  controllers: [CustodyAttestationsController],
  providers: [CustodyAttestationsRepository, RecordCustodyAttestationHandler, ListCustodyAttestationsHandler],
  exports: [CustodyAttestationsRepository],
})
export class CustodyModule {}
