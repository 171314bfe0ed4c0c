import { ConflictException, Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditEventEntity, CertificateEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { NotFoundError } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { OrganisationsRepository } from '../organisations/organisations.repository.js';
import { RedisLeases } from '../redis/redis-lease.js';
import { certificateLabel } from '../warnings/list-warnings.query.js';
import {
  AuditVerification,
  requestHolder,
  VERIFICATION_LEASE_MS,
  verificationLeaseKey,
} from './audit-verification.js';
import { AuditVerificationJobs } from './audit-verification-jobs.js';
import {
  AUDIT_PAGE_DEFAULT,
  type AuditEventDto,
  type AuditPageDto,
  type AuditQueryDto,
  type ChainVerificationDto,
} from './audit.dto.js';

export class ListAuditEventsQuery extends Query<AuditPageDto> {
  constructor(
    readonly actor: Actor,
    readonly filter: AuditQueryDto,
  ) {
    super();
  }
}

/**
 * Recomputes the chains the actor may vouch for: every chain for a central administrator, else their organisations';
 * or, given an organisation, its chain alone.
 */
export class VerifyAuditChainsQuery extends Query<ChainVerificationDto[]> {
  constructor(
    readonly actor: Actor,
    readonly organisationId: string | null = null,
  ) {
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
    private readonly organisations: OrganisationsRepository,
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
    const [organisations, certificates] = await Promise.all([
      this.organisations.namesById(
        this.db.manager,
        page.flatMap((e) => e.organisationId ?? []),
      ),
      certificateLabels(
        this.db.manager,
        page.map((e) => e.certificateId),
        actor.centralAdmin,
      ),
    ]);
    return {
      items: page.map((e) => ({
        ...toDto(e),
        organisationName: e.organisationId ? (organisations.get(e.organisationId) ?? null) : null,
        certificateLabel: e.certificateId ? (certificates.get(e.certificateId) ?? null) : null,
      })),
      nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
    };
  }
}

@QueryHandler(VerifyAuditChainsQuery)
export class VerifyAuditChainsHandler implements IQueryHandler<VerifyAuditChainsQuery> {
  constructor(
    private readonly verification: AuditVerification,
    private readonly leases: RedisLeases,
    private readonly jobs: AuditVerificationJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ actor, organisationId }: VerifyAuditChainsQuery): Promise<ChainVerificationDto[]> {
    const scope = await this.verification.scope(actor, organisationId);
    // A verification reads and hashes every event of its chains (minutes at national scale): one at a time per
    // log-in, on every replica, so that one log-in cannot have the api hash its chains many times over at once.
    const verify = () =>
      this.leases.run(
        verificationLeaseKey(this.config.queuePrefix, actor.userId),
        VERIFICATION_LEASE_MS,
        () => this.verification.run(scope),
        requestHolder(),
      );
    let verified = await verify();
    // Held by a job that finished, or never got queued, whose replica died before freeing it: freed, then taken.
    if (!verified && (await this.jobs.freeLeftoverHold(actor.userId).catch(() => false)))
      verified = await verify();
    if (!verified)
      throw new ConflictException({
        statusCode: 409,
        code: 'VERIFICATION_RUNNING',
        message: 'a verification you started is still running',
      });
    return verified.value;
  }
}

/** How these certificates are named (certificateLabel, or the subject when not an eHealth one), in one query. */
async function certificateLabels(
  manager: EntityManager,
  ids: (string | null)[],
  revealSsin: boolean,
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = (await manager.query(
    `SELECT id, identifier_type, identifier_value, application_id, holder_name, subject
       FROM certificate WHERE id = ANY($1::uuid[])`,
    [wanted],
  )) as {
    id: string;
    identifier_type: string | null;
    identifier_value: string | null;
    application_id: string | null;
    holder_name: string | null;
    subject: string;
  }[];
  return new Map(
    rows.map((r) => [
      r.id,
      r.identifier_type && r.identifier_value ? certificateLabel(r, revealSsin) : r.subject,
    ]),
  );
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
