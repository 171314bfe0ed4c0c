import { Module } from '@nestjs/common';
import { MultipartModule } from '@nestjs/platform-fastify/multipart';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { LifecycleSteps } from '../lifecycle/lifecycle-steps.js';
import { NewRequestView, RenewalCaseView } from '../lifecycle/lifecycle-views.js';
import { CertificateLoader } from './certificate-loader.js';
import { CertificateView } from './certificate-view.js';
import { CertificatesController } from './certificates.controller.js';
import { GetCertificateHandler } from './get-certificate/get-certificate.handler.js';
import { FileImporter } from './import/file-importer.js';
import { ImportCertificatesHandler } from './import/import-certificates.handler.js';
import { CertificateUpdater } from './update-certificate/certificate-updater.js';
import { CertificateReadiness } from './readiness/certificate-readiness.js';
import { ReadinessFactsRepository } from './readiness/readiness-facts.repository.js';
import { UpdateCertificateHandler } from './update-certificate/update-certificate.handler.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';

/** The certificate inventory: import, queries, exports. */
@Module({
  imports: [
    // Uploads stay in memory (the interceptor's default memory storage, no `dest`), within the configured limits.
    MultipartModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.upload.maxFileBytes, files: config.upload.maxFiles },
        defParamCharset: 'utf8',
      }),
    }),
    OrganisationsModule,
  ],
  // CertificatesController has GET :id: a controller with fixed paths under api/v1/certificates goes before it.
  controllers: [CertificatesController],
  providers: [
    CertificateLoader,
    CertificateView,
    FileImporter,
    ImportCertificatesHandler,
    GetCertificateHandler,
    UpdateCertificateHandler,
    ReadinessFactsRepository,
    CertificateReadiness,
    CertificateUpdater,
    // The certificate detail shows its renewals and new requests as the lifecycle answers do.
    LifecycleSteps,
    RenewalCaseView,
    NewRequestView,
  ],
  exports: [CertificateLoader, CertificateView, CertificateUpdater, CertificateReadiness],
})
export class CertificatesModule {}
