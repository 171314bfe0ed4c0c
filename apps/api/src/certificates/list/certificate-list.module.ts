import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates.module.js';
import { CertificateListRepository } from './certificate-list.repository.js';
import { CertificateSearch } from './certificate-search.js';
import { CertificatesListController } from './certificates-list.controller.js';
import { ExportCertificatesHandler } from './export-certificates.query.js';
import { ListCertificatesHandler } from './list-certificates.query.js';

/** GET /api/v1/certificates: filters, sorting, keyset pages and the CSV export. */
@Module({
  imports: [CertificatesModule],
  controllers: [CertificatesListController],
  providers: [
    CertificateListRepository,
    CertificateSearch,
    ListCertificatesHandler,
    ExportCertificatesHandler,
  ],
})
export class CertificateListModule {}
