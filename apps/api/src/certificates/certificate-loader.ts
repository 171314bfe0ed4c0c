import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CertificateEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import type { Permission } from '../access/permissions.js';
import { NotFoundError } from '../common/errors.js';

/**
 * Loads one certificate for an actor and an action: a missing certificate and another tenant's answer the same
 * 404; `forUpdate` locks the row for the rest of the transaction (lifecycle steps must not interleave).
 */
@Injectable()
export class CertificateLoader {
  constructor(private readonly access: AccessPolicy) {}

  async load(
    manager: EntityManager,
    actor: Actor,
    certificateId: string,
    permission: Permission,
    options: { forUpdate?: boolean } = {},
  ): Promise<CertificateEntity> {
    const query = manager
      .getRepository(CertificateEntity)
      .createQueryBuilder('c')
      .where('c.id = :certificateId', { certificateId });
    if (options.forUpdate) query.setLock('pessimistic_write');
    const certificate = await query.getOne();
    if (!certificate) throw new NotFoundError('certificate');
    this.access.require(actor, permission, certificate.organisationId, 'certificate');
    return certificate;
  }

  /**
   * Several certificates for one action, locked in id order (so two bulk actions over overlapping selections queue
   * up instead of deadlocking). One missing or another tenant's answers the same 404 as `load`, and one the actor
   * may see but not change answers 403: the caller's transaction then changes none of them.
   */
  async loadMany(
    manager: EntityManager,
    actor: Actor,
    certificateIds: readonly string[],
    permission: Permission,
  ): Promise<CertificateEntity[]> {
    const ids = [...new Set(certificateIds)];
    const certificates = await manager
      .getRepository(CertificateEntity)
      .createQueryBuilder('c')
      .where('c.id = ANY(:ids)', { ids })
      .orderBy('c.id', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
    if (
      certificates.length !== ids.length ||
      certificates.some((c) => !this.access.canSee(actor, c.organisationId))
    )
      throw new NotFoundError('certificate');
    for (const certificate of certificates)
      this.access.require(actor, permission, certificate.organisationId, 'certificate');
    return certificates;
  }
}
