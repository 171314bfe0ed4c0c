import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { REVOCATION_REASON_DETAILS, type RevocationReason } from '@certdesk/domain';
import {
  AuditEventEntity,
  type CertificateEntity,
  DeploymentEntity,
  KeystoreEntity,
  KeystoreEntryEntity,
  MembershipEntity,
  NewRequestEntity,
  PasswordChangeEntity,
  PersonEntity,
  RenewalCaseEntity,
  RevocationEntity,
} from '@certdesk/persistence';
import { AccessPolicy } from '../../access/access-policy.js';
import { AUDIT_PAGE_MAX, type AuditEventDto } from '../../audit/audit.dto.js';
import { Clock } from '../../core/clock.js';
import { toDeploymentDto } from '../../deployments/deployment.dto.js';
import { NewRequestView, RenewalCaseView } from '../../lifecycle/lifecycle-views.js';
import type { CertificateDetailDto, CertificateLifecycleDto } from '../certificate-detail.dto.js';
import { CertificateLoader } from '../certificate-loader.js';
import { CertificateView } from '../certificate-view.js';
import { CertificateReadiness } from '../readiness/certificate-readiness.js';
import { GetCertificateQuery } from './get-certificate.query.js';

/** One certificate with its keystore and entries, deployments, lifecycle and audit trail, in a few queries. */
@QueryHandler(GetCertificateQuery)
export class GetCertificateHandler implements IQueryHandler<GetCertificateQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly certificates: CertificateLoader,
    private readonly view: CertificateView,
    private readonly renewals: RenewalCaseView,
    private readonly newRequests: NewRequestView,
    private readonly clock: Clock,
    private readonly readiness: CertificateReadiness,
  ) {}

  async execute({ actor, certificateId }: GetCertificateQuery): Promise<CertificateDetailDto> {
    // Outside a transaction, so the parts load in parallel over the pool.
    const manager = this.db.manager;
    const row = await this.certificates.load(manager, actor, certificateId, 'certificate.read');
    const mayReadAudit = this.access.can(actor, 'audit.read', row.organisationId);
    const [[base], keystore, entries, deployments, lifecycle, audit] = await Promise.all([
      this.view.load(manager, [row], this.clock.now()),
      row.keystoreId ? manager.getRepository(KeystoreEntity).findOneBy({ id: row.keystoreId }) : null,
      row.keystoreId
        ? manager
            .getRepository(KeystoreEntryEntity)
            .find({ where: { keystoreId: row.keystoreId }, order: { role: 'ASC', alias: 'ASC' } })
        : [],
      manager
        .getRepository(DeploymentEntity)
        .find({ where: { certificateId }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.lifecycle(manager, row),
      mayReadAudit
        ? manager
            .getRepository(AuditEventEntity)
            .find({ where: { certificateId }, order: { id: 'DESC' }, take: AUDIT_PAGE_MAX })
        : [],
    ]);
    const readiness = await this.readiness.of(manager, [row], this.clock.now());
    return {
      ...base!,
      keystore: base!.keystore
        ? {
            ...base!.keystore,
            encryption: keystore?.encryption ?? null,
            entries: entries.map((e) => ({
              alias: e.alias,
              role: e.role,
              hasPrivateKey: e.hasPrivateKey,
              certificateFingerprint: e.certificateFingerprint,
            })),
          }
        : null,
      deployments: deployments.map(toDeploymentDto),
      lifecycle,
      audit: audit.map(toAuditEventDto),
      readiness: readiness.get(row.id) ?? null,
    };
  }

  private async lifecycle(manager: EntityManager, row: CertificateEntity): Promise<CertificateLifecycleDto> {
    const [renewalRows, revocation, requestRows, passwordChanges] = await Promise.all([
      manager
        .getRepository(RenewalCaseEntity)
        .find({ where: { certificateId: row.id }, order: { openedAt: 'DESC', id: 'ASC' } }),
      manager.getRepository(RevocationEntity).findOneBy({ certificateId: row.id }),
      manager.getRepository(NewRequestEntity).find({
        where: [{ replacesCertificateId: row.id }, { completedCertificateId: row.id }],
        order: { requestedAt: 'DESC', id: 'ASC' },
      }),
      manager
        .getRepository(PasswordChangeEntity)
        .find({ where: { certificateId: row.id }, order: { recordedAt: 'DESC', id: 'ASC' } }),
    ]);
    const [renewals, newRequests, custodians] = await Promise.all([
      this.renewals.load(manager, renewalRows),
      this.newRequests.load(manager, requestRows),
      this.people(
        manager,
        row.organisationId,
        passwordChanges.map((p) => p.custodianId).filter((id): id is string => id !== null),
      ),
    ]);
    return {
      renewals: renewals.map(({ certificate: _certificate, ...renewal }) => renewal),
      revocation: revocation && {
        id: revocation.id,
        certificateId: revocation.certificateId,
        reason: revocation.reason,
        ehealthReason:
          REVOCATION_REASON_DETAILS[revocation.reason as RevocationReason]?.ehealthReason ?? null,
        revokedOn: revocation.revokedOn,
        note: revocation.note,
        recordedAt: revocation.recordedAt.toISOString(),
        recordedById: revocation.recordedById,
      },
      newRequests,
      passwordChanges: passwordChanges.map((p) => ({
        id: p.id,
        certificateId: p.certificateId,
        changedOn: p.changedOn,
        custodian: (p.custodianId && custodians.get(p.custodianId)) || null,
        note: p.note,
        recordedAt: p.recordedAt.toISOString(),
        recordedById: p.recordedById,
      })),
    };
  }

  private async people(
    manager: EntityManager,
    organisationId: string,
    ids: string[],
  ): Promise<Map<string, { id: string; name: string; employed: boolean }>> {
    if (ids.length === 0) return new Map();
    const [people, memberships] = await Promise.all([
      manager.getRepository(PersonEntity).findBy({ id: In(ids) }),
      manager.getRepository(MembershipEntity).findBy({ personId: In(ids), organisationId }),
    ]);
    return new Map(
      people.map((p) => [
        p.id,
        { id: p.id, name: p.name, employed: memberships.find((m) => m.personId === p.id)?.employed ?? false },
      ]),
    );
  }
}

function toAuditEventDto(e: AuditEventEntity): AuditEventDto {
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
