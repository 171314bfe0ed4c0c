import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { LabelsModule } from '../labels/labels.module.js';
import { LifecycleModule } from '../lifecycle/lifecycle.module.js';
import { BulkActionHandler } from './bulk-action.handler.js';
import { BulkActionsController } from './bulk-actions.controller.js';

/** Actions on a selection of certificates (issue 13), through the same logic as on one. */
@Module({
  imports: [CertificatesModule, LifecycleModule, LabelsModule],
  controllers: [BulkActionsController],
  providers: [BulkActionHandler],
})
export class BulkActionsModule {}
