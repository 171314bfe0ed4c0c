import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { HandoverEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import type { Permission } from '../access/permissions.js';
import { NotFoundError } from '../common/errors.js';
import { HandoversRepository } from './handovers.repository.js';

/**
 * Loads one handover for an actor and an action: a missing handover and another tenant's answer the same 404.
 * `forUpdate` locks it, so its two signatures (and a cancellation) queue up; the certificates are locked after it.
 */
@Injectable()
export class HandoverLoader {
  constructor(
    private readonly access: AccessPolicy,
    private readonly handovers: HandoversRepository,
  ) {}

  async load(
    manager: EntityManager,
    actor: Actor,
    handoverId: string,
    permission: Permission,
    options: { forUpdate?: boolean } = {},
  ): Promise<HandoverEntity> {
    const handover = await this.handovers.byId(manager, handoverId, options);
    if (!handover) throw new NotFoundError('handover');
    this.access.require(actor, permission, handover.organisationId, 'handover');
    return handover;
  }
}
