import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { ListAuditEventsHandler, VerifyAuditChainsHandler } from './audit.queries.js';
import { AuditVerifier } from './audit-verifier.js';

@Module({
  controllers: [AuditController],
  providers: [AuditVerifier, ListAuditEventsHandler, VerifyAuditChainsHandler],
  exports: [AuditVerifier],
})
export class AuditModule {}
