import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { Clock } from '../core/clock.js';
import { Transactions } from '../core/transactions.js';
import type { MutesInForceDto } from './mutes.dto.js';
import { MutesRepository } from './mutes.repository.js';

/** How many listed at most: the count is always whole. */
export const MUTES_IN_FORCE_LIMIT = 100;

/** The mutes in force in one organisation, or every one the actor sees: the overview's muted section. */
export class ListMutesInForceQuery extends Query<MutesInForceDto> {
  constructor(
    readonly actor: Actor,
    readonly organisationId: string | undefined,
  ) {
    super();
  }
}

@QueryHandler(ListMutesInForceQuery)
export class ListMutesInForceHandler implements IQueryHandler<ListMutesInForceQuery> {
  constructor(
    private readonly transactions: Transactions,
    private readonly access: AccessPolicy,
    private readonly mutes: MutesRepository,
    private readonly clock: Clock,
  ) {}

  execute({ actor, organisationId }: ListMutesInForceQuery): Promise<MutesInForceDto> {
    if (organisationId) this.access.require(actor, 'certificate.read', organisationId, 'organisation');
    const scope = organisationId
      ? [organisationId]
      : this.access.visibleOrganisationIds(actor, 'certificate.read');
    return this.mutes.inForce(this.transactions.manager, scope, this.clock.now(), MUTES_IN_FORCE_LIMIT);
  }
}
