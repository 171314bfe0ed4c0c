import { ForbiddenException } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditEventEntity, CertificateEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { NotFoundError } from '../common/errors.js';
import { auditChainFor } from './audit-trail.js';
import { AuditVerifier, type ChainVerification } from './audit-verifier.js';
import {
  AUDIT_PAGE_DEFAULT,
  type AuditEventDto,
  type AuditPageDto,
  type AuditQueryDto,
} from './audit.dto.js';

export class ListAuditEventsQuery extends Query<AuditPageDto> {
  constructor(
    readonly actor: Actor,
    readonly filter: AuditQueryDto,
  ) {
    super();
  }
}

/** Recomputes the chains the actor may vouch for: every chain for a central administrator, else their organisations'. */
export class VerifyAuditChainsQuery extends Query<ChainVerification[]> {
  constructor(readonly actor: Actor) {
    super();
  }
}

/**
 * The audit trail, newest first, in keyset pages (id < cursor). Limited to the organisations the actor may read;
 * naming an organisation or certificate of another tenant answers 404, like a missing one.
 */
@QueryHandler(ListAuditEventsQuery)
export class ListAuditEventsHandler implements IQueryHandler<ListAuditEventsQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
  ) {}

  async execute({ actor, filter }: ListAuditEventsQuery): Promise<AuditPageDto> {
    if (filter.organisationId)
      this.access.require(actor, 'audit.read', filter.organisationId, 'organisation');
    if (filter.certificateId && !actor.centralAdmin) {
      const certificate = await this.db
        .getRepository(CertificateEntity)
        .findOne({ where: { id: filter.certificateId }, select: { id: true, organisationId: true } });
      if (!certificate) throw new NotFoundError('certificate');
      this.access.require(actor, 'audit.read', certificate.organisationId, 'certificate');
    }
    const limit = filter.limit ?? AUDIT_PAGE_DEFAULT;
    const query = this.db.getRepository(AuditEventEntity).createQueryBuilder('e');
    const visible = this.access.visibleOrganisationIds(actor, 'audit.read');
    if (visible !== null) query.andWhere('e.organisationId = ANY(:visible)', { visible });
    if (filter.organisationId) query.andWhere('e.organisationId = :organisationId', filter);
    if (filter.certificateId) query.andWhere('e.certificateId = :certificateId', filter);
    if (filter.action?.endsWith('*')) {
      query.andWhere('e.action LIKE :prefix', { prefix: `${filter.action.slice(0, -1)}%` });
    } else if (filter.action) {
      query.andWhere('e.action = :action', filter);
    }
    if (filter.cursor) query.andWhere('e.id < :cursor', { cursor: filter.cursor });
    const rows = await query
      .orderBy('e.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map(toDto),
      nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
    };
  }
}

@QueryHandler(VerifyAuditChainsQuery)
export class VerifyAuditChainsHandler implements IQueryHandler<VerifyAuditChainsQuery> {
  constructor(
    private readonly access: AccessPolicy,
    private readonly verifier: AuditVerifier,
  ) {}

  async execute({ actor }: VerifyAuditChainsQuery): Promise<ChainVerification[]> {
    if (actor.centralAdmin) return this.verifier.verify();
    const organisationIds = this.access.visibleOrganisationIds(actor, 'audit.verify') ?? [];
    if (organisationIds.length === 0) throw new ForbiddenException('your role does not allow audit.verify');
    return this.verifier.verify(organisationIds.sort().map(auditChainFor));
  }
}

function toDto(e: AuditEventEntity): AuditEventDto {
  return {
    id: e.id,
    chain: e.chain,
    organisationId: e.organisationId,
    certificateId: e.certificateId,
    actorUserId: e.actorUserId,
    actorLabel: e.actorLabel,
    occurredAt: e.occurredAt.toISOString(),
    action: e.action,
    before: e.before,
    after: e.after,
    signature: e.signature,
    previousHash: e.previousHash,
    hash: e.hash,
  };
}
