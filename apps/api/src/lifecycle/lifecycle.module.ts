import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { CutOverModule } from '../cut-over/cut-over.module.js';
import { AdvanceRenewalHandler } from './advance-renewal/advance-renewal.handler.js';
import { CaseLoader } from './case-loaders.js';
import { CertificateLifecycleController } from './certificate-lifecycle.controller.js';
import { CloseNewRequestHandler } from './close-new-request/close-new-request.handler.js';
import { LifecycleSteps } from './lifecycle-steps.js';
import { NewRequestView, RenewalCaseView } from './lifecycle-views.js';
import { ListNewRequestsHandler, ListRenewalsHandler } from './lifecycle.queries.js';
import { NewRequestsController } from './new-requests.controller.js';
import { NewRequestsRepository } from './new-requests.repository.js';
import { NewRequestOpener } from './open-new-request/new-request-opener.js';
import { OpenNewRequestHandler } from './open-new-request/open-new-request.handler.js';
import { ManagerAssignment } from './reassign-manager/manager-assignment.js';
import { ReassignManagerHandler } from './reassign-manager/reassign-manager.handler.js';
import { RecordPasswordChangeHandler } from './record-password-change/record-password-change.handler.js';
import { RenewalCasesRepository } from './renewal-cases.repository.js';
import { RenewalsController } from './renewals.controller.js';
import { RevokeCertificateHandler } from './revoke-certificate/revoke-certificate.handler.js';
import { StartRenewalHandler } from './start-renewal/start-renewal.handler.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';

/**
 * The certificate lifecycle: renewal in its phases, revocation, new requests, password changes and manager
 * reassignment. Each command is one transaction holding the row locks, the rows, its audit event and (where the
 * notifier must hear) its outbox message.
 */
@Module({
  imports: [CertificatesModule, CutOverModule, OrganisationsModule],
  controllers: [CertificateLifecycleController, RenewalsController, NewRequestsController],
  providers: [
    CaseLoader,
    LifecycleSteps,
    RenewalCaseView,
    NewRequestView,
    NewRequestOpener,
    NewRequestsRepository,
    RenewalCasesRepository,
    ManagerAssignment,
    StartRenewalHandler,
    AdvanceRenewalHandler,
    RevokeCertificateHandler,
    OpenNewRequestHandler,
    CloseNewRequestHandler,
    RecordPasswordChangeHandler,
    ReassignManagerHandler,
    ListRenewalsHandler,
    ListNewRequestsHandler,
  ],
  // The eID-signed handover (issue 5) reassigns certificates and opens replacement requests inside its own transaction.
  exports: [ManagerAssignment, NewRequestOpener, NewRequestsRepository],
})
export class LifecycleModule {}
