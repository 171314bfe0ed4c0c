import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { EidModule } from '../eid/eid.module.js';
import { LifecycleModule } from '../lifecycle/lifecycle.module.js';
import { CancelHandoverHandler } from './cancel-handover/cancel-handover.handler.js';
import { HandoverLoader } from './handover-loader.js';
import { HandoverView } from './handover-view.js';
import { GetHandoverHandler, ListHandoversHandler } from './handovers.queries.js';
import { HandoversController } from './handovers.controller.js';
import { HandoversRepository } from './handovers.repository.js';
import { OpenHandoverHandler } from './open-handover/open-handover.handler.js';
import { HandoverCompletion } from './sign-handover/handover-completion.js';
import { HandoverSignatureCheck } from './sign-handover/handover-signature-check.js';
import { SignHandoverHandler } from './sign-handover/sign-handover.handler.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';

/**
 * The certificate-manager handover (issue 5): opened with a canonical document, signed by the outgoing side and
 * countersigned by the incoming manager with their eID, then completed by the lifecycle's ManagerAssignment in the
 * same transaction as the last signature.
 */
@Module({
  imports: [CertificatesModule, LifecycleModule, EidModule, OrganisationsModule],
  controllers: [HandoversController],
  providers: [
    HandoverLoader,
    HandoversRepository,
    HandoverView,
    HandoverSignatureCheck,
    HandoverCompletion,
    OpenHandoverHandler,
    SignHandoverHandler,
    CancelHandoverHandler,
    GetHandoverHandler,
    ListHandoversHandler,
  ],
})
export class HandoversModule {}
