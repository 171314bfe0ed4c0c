import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { CertificateCutOverHandlers } from './certificate-cut-over.handlers.js';
import { CutOverController } from './cut-over.controller.js';
import { ConfirmCutOverHandler, ReadCutOverLinkHandler } from './cut-over-link.handlers.js';
import { CutOverLinks } from './cut-over-links.js';
import { CutOverReminderWorker } from './cut-over-reminder.worker.js';
import { CutOverReminders } from './cut-over-reminders.js';
import { CutOverRateLimitGuard } from './cut-over-rate-limit.guard.js';
import { CutOverRequestsRepository } from './cut-over-requests.repository.js';
import { CutOverViews } from './cut-over-views.js';
import { PublicCutOverController } from './public-cut-over.controller.js';

/**
 * The integrator cut-over after a renewal's phase 3 (docs/guide/lifecycle.md): a personal link per deployment, its
 * public page and confirmation, reminders to the contacts who have not confirmed, the certificate's "still in use by N systems", and an administrator's override.
 * The lifecycle and the ETK directory issue the links when they record phase 3.
 */
@Module({
  imports: [CertificatesModule],
  controllers: [CutOverController, PublicCutOverController],
  providers: [
    CutOverRequestsRepository,
    CutOverLinks,
    CutOverViews,
    CutOverReminders,
    CutOverReminderWorker,
    CutOverRateLimitGuard,
    ReadCutOverLinkHandler,
    ConfirmCutOverHandler,
    ...CertificateCutOverHandlers,
  ],
  exports: [CutOverLinks, CutOverRequestsRepository, CutOverReminders, CutOverReminderWorker],
})
export class CutOverModule {}
