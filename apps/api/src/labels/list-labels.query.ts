import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import type { LabelListDto, LabelNameListDto } from './labels.dto.js';
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

/**
 * Whose labels: one organisation the actor may read (another tenant's answers 404, as a missing one), or every one
 * they see (null: every organisation).
 */
function labelScope(access: AccessPolicy, actor: Actor, organisationId: string | undefined): string[] | null {
  if (!organisationId) return access.visibleOrganisationIds(actor, 'certificate.read');
  access.require(actor, 'certificate.read', organisationId, 'organisation');
  return [organisationId];
}

@QueryHandler(ListLabelsQuery)
export class ListLabelsHandler implements IQueryHandler<ListLabelsQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly labels: LabelsRepository,
  ) {}

  async execute({ actor, organisationId }: ListLabelsQuery): Promise<LabelListDto> {
    const scope = labelScope(this.access, actor, organisationId);
    return { labels: await this.labels.listWithCounts(this.db.manager, scope) };
  }
}

/** The labels' names across the organisations I can see (or of one), one per key, optionally searched. */
export class ListLabelNamesQuery extends Query<LabelNameListDto> {
  constructor(
    readonly actor: Actor,
    readonly organisationId: string | undefined,
    readonly search: { q?: string | undefined; limit?: number | undefined },
  ) {
    super();
  }
}

@QueryHandler(ListLabelNamesQuery)
export class ListLabelNamesHandler implements IQueryHandler<ListLabelNamesQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly labels: LabelsRepository,
  ) {}

  async execute({ actor, organisationId, search }: ListLabelNamesQuery): Promise<LabelNameListDto> {
    const scope = labelScope(this.access, actor, organisationId);
    return { names: await this.labels.names(this.db.manager, scope, search) };
  }
}
