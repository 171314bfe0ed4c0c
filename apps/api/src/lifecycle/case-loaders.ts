import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CertificateEntity, NewRequestEntity, RenewalCaseEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import type { Permission } from '../access/permissions.js';
import { NotFoundError } from '../common/errors.js';

/**
 * Loads one renewal case or new request for an actor and an action, like CertificateLoader: a missing case and
 * another tenant's answer the same 404. With `forUpdate`, rows are locked in one order everywhere in the
 * lifecycle (the certificate first, then its case), so concurrent steps queue up instead of deadlocking.
 */
@Injectable()
export class CaseLoader {
  constructor(private readonly access: AccessPolicy) {}

  async renewal(
    manager: EntityManager,
    actor: Actor,
    caseId: string,
    permission: Permission,
    options: { forUpdate?: boolean } = {},
  ): Promise<RenewalCaseEntity> {
    const repo = manager.getRepository(RenewalCaseEntity);
    const found = await repo.findOneBy({ id: caseId });
    if (!found) throw new NotFoundError('renewal case');
    this.access.require(actor, permission, found.organisationId, 'renewal case');
    if (!options.forUpdate) return found;
    await lockCertificate(manager, found.certificateId);
    return repo
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :caseId', { caseId })
      .getOneOrFail();
  }

  async newRequest(
    manager: EntityManager,
    actor: Actor,
    requestId: string,
    permission: Permission,
    options: { forUpdate?: boolean } = {},
  ): Promise<NewRequestEntity> {
    const repo = manager.getRepository(NewRequestEntity);
    const query = repo.createQueryBuilder('r').where('r.id = :requestId', { requestId });
    if (options.forUpdate) query.setLock('pessimistic_write');
    const found = await query.getOne();
    if (!found) throw new NotFoundError('new request');
    this.access.require(actor, permission, found.organisationId, 'new request');
    return found;
  }
}

export async function lockCertificate(manager: EntityManager, certificateId: string): Promise<void> {
  await manager
    .getRepository(CertificateEntity)
    .createQueryBuilder('c')
    .setLock('pessimistic_write')
    .select('c.id')
    .where('c.id = :certificateId', { certificateId })
    .getOne();
}
