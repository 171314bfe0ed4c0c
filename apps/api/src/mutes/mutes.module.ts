import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { ListMutesInForceHandler } from './list-mutes-in-force.query.js';
import { ListCertificateMutesHandler } from './list-mutes.query.js';
import { MuteCertificateHandler } from './mute-certificate/mute-certificate.handler.js';
import {
  MutesController,
  MutesInForceController,
  OrganisationWarningMutesController,
} from './mutes.controller.js';
import {
  MuteOrganisationWarningHandler,
  UnmuteOrganisationWarningHandler,
} from './organisation-warning/organisation-warning-mute.handlers.js';
import { MutesRepository } from './mutes.repository.js';
import { UnmuteCertificateHandler } from './unmute-certificate/unmute-certificate.handler.js';

/**
 * Mute with a reason (issue 13). MuteCertificateCommand is the entry point for one certificate, from this controller
 * or from a bulk action (which passes its own transaction).
 */
@Module({
  imports: [CertificatesModule],
  controllers: [MutesController, MutesInForceController, OrganisationWarningMutesController],
  providers: [
    MutesRepository,
    MuteCertificateHandler,
    UnmuteCertificateHandler,
    ListCertificateMutesHandler,
    ListMutesInForceHandler,
    MuteOrganisationWarningHandler,
    UnmuteOrganisationWarningHandler,
  ],
  exports: [MutesRepository],
})
export class MutesModule {}
