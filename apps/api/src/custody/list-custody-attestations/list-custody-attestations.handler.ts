import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CertificateLoader } from '../../certificates/certificate-loader.js';
import { Transactions } from '../../core/transactions.js';
import type { CustodyAttestationDto } from '../custody-attestation.dto.js';
import { CustodyAttestationsRepository } from '../custody-attestations.repository.js';
import { ListCustodyAttestationsQuery } from './list-custody-attestations.query.js';

@QueryHandler(ListCustodyAttestationsQuery)
export class ListCustodyAttestationsHandler implements IQueryHandler<ListCustodyAttestationsQuery> {
  constructor(
    private readonly transactions: Transactions,
    private readonly certificates: CertificateLoader,
    private readonly attestations: CustodyAttestationsRepository,
  ) {}

  async execute({ actor, certificateId }: ListCustodyAttestationsQuery): Promise<CustodyAttestationDto[]> {
    const manager = this.transactions.manager;
    await this.certificates.load(manager, actor, certificateId, 'certificate.read');
    return this.attestations.history(manager, certificateId);
  }
}
