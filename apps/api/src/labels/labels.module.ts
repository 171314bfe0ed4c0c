import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { CertificateLabelling } from './certificate-labelling.js';
import { LabelCertificateHandler } from './label-certificate.command.js';
import { LabelsController } from './labels.controller.js';
import { LabelsRepository } from './labels.repository.js';
import { ListLabelNamesHandler, ListLabelsHandler } from './list-labels.query.js';

/** Labels on certificates (issue 13): per organisation, put on and taken off one certificate or a selection. */
@Module({
  imports: [CertificatesModule],
  controllers: [LabelsController],
  providers: [
    LabelsRepository,
    CertificateLabelling,
    LabelCertificateHandler,
    ListLabelsHandler,
    ListLabelNamesHandler,
  ],
  exports: [LabelsRepository, CertificateLabelling],
})
export class LabelsModule {}
