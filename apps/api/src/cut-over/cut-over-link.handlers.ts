import { CommandHandler, type ICommandHandler, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuditTrail } from '../audit/audit-trail.js';
import { TokenHasher } from '../auth/token-hasher.js';
import { NotFoundError } from '../common/errors.js';
import { Clock } from '../core/clock.js';
import { Transactions } from '../core/transactions.js';
import { Outbox } from '../outbox/outbox.js';
import { ConfirmCutOverCommand, ReadCutOverLinkQuery } from './cut-over.commands.js';
import type { CutOverLinkDto } from './cut-over.dto.js';
import { isCutOverToken } from './cut-over-links.js';
import { refuseUnconfirmableLink, refuseUnreadableLink } from './cut-over-request-state.js';
import { CutOverRequestsRepository } from './cut-over-requests.repository.js';
import { CutOverViews } from './cut-over-views.js';

/**
 * The link's page: looked up by the token's HMAC through a unique index, so neither the comparison nor the lookup
 * depends on how much of a guess is right. A token not shaped like a cut-over token (another kind of link's, or
 * garbage) is refused before any lookup.
 */
@QueryHandler(ReadCutOverLinkQuery)
export class ReadCutOverLinkHandler implements IQueryHandler<ReadCutOverLinkQuery> {
  constructor(
    private readonly transactions: Transactions,
    private readonly requests: CutOverRequestsRepository,
    private readonly tokens: TokenHasher,
    private readonly views: CutOverViews,
    private readonly clock: Clock,
  ) {}

  async execute({ token }: ReadCutOverLinkQuery): Promise<CutOverLinkDto> {
    if (!isCutOverToken(token)) throw new NotFoundError('cut-over link');
    const manager = this.transactions.manager;
    const request = await this.requests.findByTokenHash(manager, this.tokens.hash(token));
    refuseUnreadableLink(request, this.clock.now());
    return this.views.link(manager, request);
  }
}

/**
 * Confirms, once, that the new keystore is installed: the request's row is locked, so two clicks confirm once; the
 * confirmation is audited in the organisation's chain, naming the contact the link was mailed to, and announced in the
 * outbox for the webhooks (cut-over.confirmed, with how many deployments still use the old certificate).
 */
@CommandHandler(ConfirmCutOverCommand)
export class ConfirmCutOverHandler implements ICommandHandler<ConfirmCutOverCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly requests: CutOverRequestsRepository,
    private readonly tokens: TokenHasher,
    private readonly views: CutOverViews,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute({ token }: ConfirmCutOverCommand): Promise<CutOverLinkDto> {
    if (!isCutOverToken(token)) throw new NotFoundError('cut-over link');
    return this.transactions.run(async (manager) => {
      const now = this.clock.now();
      const request = await this.requests.findByTokenHash(manager, this.tokens.hash(token), {
        forUpdate: true,
      });
      refuseUnconfirmableLink(request, now);
      await this.requests.markConfirmed(manager, request.id, request.contactEmail, now);
      const deployment = await this.requests.deploymentById(manager, request.deploymentId);
      await this.audit.append(
        manager,
        { system: `cut-over link of ${request.contactEmail ?? 'a deployment without a contact'}` },
        {
          action: 'cut-over.confirmed',
          organisationId: request.organisationId,
          certificateId: request.certificateId,
          after: {
            cutOverRequestId: request.id,
            renewalCaseId: request.renewalCaseId,
            deploymentId: request.deploymentId,
            software: deployment?.software ?? null,
            confirmedBy: request.contactEmail,
          },
        },
        now,
      );
      const stillInUse = await this.requests.stillInUse(manager, [request.certificateId]);
      await this.outbox.add(manager, 'cut-over.confirmed', {
        organisationId: request.organisationId,
        certificateId: request.certificateId,
        renewalCaseId: request.renewalCaseId,
        cutOverRequestId: request.id,
        deploymentId: request.deploymentId,
        software: deployment?.software ?? '',
        confirmedBy: request.contactEmail,
        confirmedAt: now.toISOString(),
        stillInUseBy: stillInUse.get(request.certificateId) ?? 0,
      });
      return this.views.link(manager, { ...request, confirmedAt: now, confirmedBy: request.contactEmail });
    });
  }
}
