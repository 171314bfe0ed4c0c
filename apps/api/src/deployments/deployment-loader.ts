import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CertificateEntity, DeploymentEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import type { Permission } from '../access/permissions.js';
import { NotFoundError } from '../common/errors.js';

/**
 * Loads one deployment, locked for the transaction, with its certificate's organisation checked for `permission`:
 * a missing deployment and another tenant's answer the same 404.
 */
@Injectable()
export class DeploymentLoader {
  constructor(private readonly access: AccessPolicy) {}

  async loadForUpdate(
    manager: EntityManager,
    actor: Actor,
    deploymentId: string,
    permission: Permission,
  ): Promise<{ deployment: DeploymentEntity; organisationId: string }> {
    const deployment = await manager
      .getRepository(DeploymentEntity)
      .createQueryBuilder('d')
      .setLock('pessimistic_write')
      .where('d.id = :deploymentId', { deploymentId })
      .getOne();
    if (!deployment) throw new NotFoundError('deployment');
    const certificate = await manager
      .getRepository(CertificateEntity)
      .findOne({ where: { id: deployment.certificateId }, select: { id: true, organisationId: true } });
    if (!certificate) throw new NotFoundError('deployment');
    this.access.require(actor, permission, certificate.organisationId, 'deployment');
    return { deployment, organisationId: certificate.organisationId };
  }
}
