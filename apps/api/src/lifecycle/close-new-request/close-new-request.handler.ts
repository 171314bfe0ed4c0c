import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { applyNewRequestAction, type NewRequestState } from '@certdesk/domain';
import { NewRequestEntity } from '@certdesk/persistence';
import type { Actor } from '../../access/actor.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { CertificateLoader } from '../../certificates/certificate-loader.js';
import { ConflictError, UnprocessableError } from '../../common/errors.js';
import { Clock } from '../../core/clock.js';
import { CaseLoader } from '../case-loaders.js';
import type { NewRequestDto } from '../lifecycle.dto.js';
import { LIFECYCLE_ACTIONS } from '../lifecycle-steps.js';
import { NewRequestView } from '../lifecycle-views.js';
import { CloseNewRequestCommand } from './close-new-request.command.js';

@CommandHandler(CloseNewRequestCommand)
export class CloseNewRequestHandler implements ICommandHandler<CloseNewRequestCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CaseLoader,
    private readonly certificates: CertificateLoader,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly view: NewRequestView,
  ) {}

  async execute({
    actor,
    requestId,
    action,
    note,
    certificateId,
  }: CloseNewRequestCommand): Promise<NewRequestDto> {
    return this.db.transaction(async (manager) => {
      const request = await this.cases.newRequest(manager, actor, requestId, 'certificate.lifecycle', {
        forUpdate: true,
      });
      const from = request.state as NewRequestState;
      const result = applyNewRequestAction(from, action);
      if (!result.ok) throw new ConflictError(result.reason, result.message);
      const to = result.value;
      if (certificateId) await this.assertProducedBy(manager, actor, request, certificateId);
      const now = this.clock.now();
      await manager.getRepository(NewRequestEntity).update(
        { id: request.id },
        {
          state: to,
          ...(action === 'complete' ? { completedAt: now, completedCertificateId: certificateId } : {}),
        },
      );
      await this.audit.append(
        manager,
        actor,
        {
          action:
            action === 'complete'
              ? LIFECYCLE_ACTIONS.newRequestCompleted
              : LIFECYCLE_ACTIONS.newRequestAbandoned,
          organisationId: request.organisationId,
          certificateId: request.replacesCertificateId,
          before: { newRequestId: request.id, state: from },
          after: { newRequestId: request.id, state: to, note, ...(certificateId ? { certificateId } : {}) },
        },
        now,
      );
      return this.view.loadOne(
        manager,
        await manager.getRepository(NewRequestEntity).findOneByOrFail({ id: requestId }),
      );
    });
  }

  /** The linked certificate must be this organisation's, for the identifier (and application ID) requested. */
  private async assertProducedBy(
    manager: EntityManager,
    actor: Actor,
    request: NewRequestEntity,
    certificateId: string,
  ): Promise<void> {
    const certificate = await this.certificates.load(manager, actor, certificateId, 'certificate.read');
    if (certificate.organisationId !== request.organisationId) {
      throw new UnprocessableError(
        'CERTIFICATE_OF_ANOTHER_ORGANISATION',
        "certificateId: this certificate belongs to another organisation than the request's.",
      );
    }
    const label = (type: string | null, value: string | null, applicationId: string | null) =>
      type ? `${type}=${value}${applicationId ? `, ${applicationId}` : ''}` : 'no eHealth identifier';
    const requested = label(request.identifierType, request.identifierValue, request.applicationId);
    const found = label(certificate.identifierType, certificate.identifierValue, certificate.applicationId);
    if (requested !== found) {
      throw new UnprocessableError(
        'CERTIFICATE_MISMATCH',
        `certificateId: the request was for ${requested}, this certificate is for ${found}.`,
      );
    }
  }
}
