import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { AuditChainSealer } from './audit-chain-sealer.js';
import { AuditController } from './audit.controller.js';
import { ListAuditEventsHandler, VerifyAuditChainsHandler } from './audit.queries.js';
import { AuditVerifier } from './audit-verifier.js';

@Module({
  imports: [OrganisationsModule],
  controllers: [AuditController],
  providers: [AuditVerifier, AuditChainSealer, ListAuditEventsHandler, VerifyAuditChainsHandler],
  exports: [AuditVerifier],
})
export class AuditModule {}
