import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { AuditChainSealer } from './audit-chain-sealer.js';
import { AuditController } from './audit.controller.js';
import { ListAuditEventsHandler, VerifyAuditChainsHandler } from './audit.queries.js';
import { AuditVerifier } from './audit-verifier.js';
import { AuditVerification } from './audit-verification.js';
import { AuditVerificationJobs } from './audit-verification-jobs.js';
import {
  GetAuditVerificationHandler,
  StartAuditVerificationHandler,
} from './audit-verification-jobs.handlers.js';

@Module({
  imports: [OrganisationsModule],
  controllers: [AuditController],
  providers: [
    AuditVerifier,
    AuditVerification,
    AuditVerificationJobs,
    AuditChainSealer,
    ListAuditEventsHandler,
    VerifyAuditChainsHandler,
    StartAuditVerificationHandler,
    GetAuditVerificationHandler,
  ],
  exports: [AuditVerifier],
})
export class AuditModule {}
