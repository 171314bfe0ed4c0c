import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import type { LabelListDto } from './labels.dto.js';
import { LabelsRepository } from './labels.repository.js';

/** The labels of the organisations I can see (or of one of them), with their counts. */
export class ListLabelsQuery extends Query<LabelListDto> {
  constructor(
    readonly actor: Actor,
    readonly organisationId: string | undefined,
  ) {
    super();
  }
}

@QueryHandler(ListLabelsQuery)
export class ListLabelsHandler implements IQueryHandler<ListLabelsQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly labels: LabelsRepository,
  ) {}

  async execute({ actor, organisationId }: ListLabelsQuery): Promise<LabelListDto> {
    if (organisationId) this.access.require(actor, 'certificate.read', organisationId, 'organisation');
    const scope = organisationId
      ? [organisationId]
      : this.access.visibleOrganisationIds(actor, 'certificate.read');
    return { labels: await this.labels.listWithCounts(this.db.manager, scope) };
  }
}
