import { CommandHandler, type ICommandHandler, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuditTrail } from '../audit/audit-trail.js';
import { CertificateLoader } from '../certificates/certificate-loader.js';
import { ConflictError } from '../common/errors.js';
import { Clock } from '../core/clock.js';
import { Transactions } from '../core/transactions.js';
import { GetCertificateCutOverQuery, OverrideCutOverCommand } from './cut-over.commands.js';
import type { CertificateCutOverDto } from './cut-over.dto.js';
import { CutOverRequestsRepository } from './cut-over-requests.repository.js';
import { CutOverViews } from './cut-over-views.js';

@QueryHandler(GetCertificateCutOverQuery)
export class GetCertificateCutOverHandler implements IQueryHandler<GetCertificateCutOverQuery> {
  constructor(
    private readonly transactions: Transactions,
    private readonly certificates: CertificateLoader,
    private readonly views: CutOverViews,
  ) {}

  async execute({ actor, certificateId }: GetCertificateCutOverQuery): Promise<CertificateCutOverDto> {
    const manager = this.transactions.manager;
    await this.certificates.load(manager, actor, certificateId, 'certificate.read');
    return this.views.certificate(manager, certificateId);
  }
}

/**
 * An administrator (the organisation's, or the central one) declares the old certificate no longer in use although
 * not every deployment confirmed: every open request is closed with the reason, and the override is audited with the
 * deployments it closed. Their links stop working.
 */
@CommandHandler(OverrideCutOverCommand)
export class OverrideCutOverHandler implements ICommandHandler<OverrideCutOverCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly certificates: CertificateLoader,
    private readonly requests: CutOverRequestsRepository,
    private readonly views: CutOverViews,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, certificateId, reason }: OverrideCutOverCommand): Promise<CertificateCutOverDto> {
    return this.transactions.run(async (manager) => {
      const certificate = await this.certificates.load(manager, actor, certificateId, 'cut-over.override', {
        forUpdate: true,
      });
      const now = this.clock.now();
      const closed = await this.requests.overrideOpen(
        manager,
        certificateId,
        { overriddenById: actor.userId, overrideReason: reason },
        now,
      );
      if (closed.length === 0) {
        throw new ConflictError(
          'CUT_OVER_NOTHING_OPEN',
          'no deployment still has to confirm the new keystore: there is nothing to override',
        );
      }
      await this.audit.append(
        manager,
        actor,
        {
          action: 'cut-over.overridden',
          organisationId: certificate.organisationId,
          certificateId,
          after: {
            reason,
            cutOverRequestIds: closed.map((r) => r.id),
            deploymentIds: closed.map((r) => r.deploymentId),
          },
        },
        now,
      );
      return this.views.certificate(manager, certificateId);
    });
  }
}

export const CertificateCutOverHandlers = [GetCertificateCutOverHandler, OverrideCutOverHandler];
