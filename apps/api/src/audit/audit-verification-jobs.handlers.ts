import { ConflictException } from '@nestjs/common';
import {
  Command,
  CommandHandler,
  type ICommandHandler,
  Query,
  QueryHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import type { Actor } from '../access/actor.js';
import { NotFoundError } from '../common/errors.js';
import { AuditVerification } from './audit-verification.js';
import { AuditVerificationJobs } from './audit-verification-jobs.js';
import type { AuditVerificationDto, AuditVerificationStartedDto } from './audit.dto.js';

/** Queues a verification of the chains the actor may vouch for (or of one organisation's), answered later. */
export class StartAuditVerificationCommand extends Command<AuditVerificationStartedDto> {
  constructor(
    readonly actor: Actor,
    readonly organisationId: string | null,
  ) {
    super();
  }
}

@CommandHandler(StartAuditVerificationCommand)
export class StartAuditVerificationHandler implements ICommandHandler<StartAuditVerificationCommand> {
  constructor(
    private readonly verification: AuditVerification,
    private readonly jobs: AuditVerificationJobs,
  ) {}

  async execute({
    actor,
    organisationId,
  }: StartAuditVerificationCommand): Promise<AuditVerificationStartedDto> {
    // Access is checked here, once: the job checks what was allowed when it was asked for.
    const scope = await this.verification.scope(actor, organisationId);
    const queued = await this.jobs.enqueue(actor.userId, scope, organisationId);
    if ('running' in queued)
      throw new ConflictException({
        statusCode: 409,
        code: 'VERIFICATION_RUNNING',
        message: 'a verification you started is still running',
        ...(queued.running ? { details: { verificationId: queued.running } } : {}),
      });
    return { id: queued.started };
  }
}

/**
 * One of the actor's own verifications; another log-in's answers as a missing one. What it may show is decided now:
 * a log-in that has lost the right to verify its scope since gets 403 or 404, and a verification of several
 * organisations shows only the chains the log-in may still verify.
 */
export class GetAuditVerificationQuery extends Query<AuditVerificationDto> {
  constructor(
    readonly actor: Actor,
    readonly id: string,
  ) {
    super();
  }
}

@QueryHandler(GetAuditVerificationQuery)
export class GetAuditVerificationHandler implements IQueryHandler<GetAuditVerificationQuery> {
  constructor(
    private readonly jobs: AuditVerificationJobs,
    private readonly verification: AuditVerification,
  ) {}

  async execute({ actor, id }: GetAuditVerificationQuery): Promise<AuditVerificationDto> {
    const found = await this.jobs.find(actor.userId, id);
    if (!found) throw new NotFoundError('verification');
    const scope = await this.verification.scope(actor, found.organisationId);
    if (scope === null || !found.chains) return found;
    const allowed = new Set(scope);
    return { ...found, chains: found.chains.filter((c) => allowed.has(c.chain)) };
  }
}
