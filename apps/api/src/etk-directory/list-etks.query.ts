import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { NotFoundError } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Transactions } from '../core/transactions.js';
import type { EtkDirectoryDto } from './etk-directory.dto.js';
import { discoveryStateDto, publicationDto } from './etk-directory.view.js';
import { EtkPublicationsRepository } from './etk-publications.repository.js';

export class ListEtksQuery extends Query<EtkDirectoryDto> {
  constructor(
    readonly actor: Actor,
    readonly organisationId: string,
    readonly filter: { certificateId?: string; includeWithdrawn: boolean },
  ) {
    super();
  }
}

/** What the ETK directory publishes for an organisation, as its discoveries saw it; another tenant's answers 404. */
@QueryHandler(ListEtksQuery)
export class ListEtksHandler implements IQueryHandler<ListEtksQuery> {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessPolicy,
    private readonly transactions: Transactions,
    private readonly repository: EtkPublicationsRepository,
  ) {}

  async execute({ actor, organisationId, filter }: ListEtksQuery): Promise<EtkDirectoryDto> {
    this.access.require(actor, 'certificate.read', organisationId, 'organisation');
    const manager = this.transactions.manager;
    if (!(await this.repository.targets(manager, organisationId))) throw new NotFoundError('organisation');
    const rows = await this.repository.list(manager, organisationId, filter);
    return {
      depotEnabled: this.config.etkDepot.settings.enabled,
      discovery: discoveryStateDto(await this.repository.state(manager, organisationId)),
      etks: rows.map(({ publication, keystoreEntries }) => publicationDto(publication, keystoreEntries)),
    };
  }
}
