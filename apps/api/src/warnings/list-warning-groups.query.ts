import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { daysLeft } from '@certdesk/domain';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { Clock } from '../core/clock.js';
import { describeWarning, productionLimitCheck } from './list-warnings.query.js';
import type { WarningGroupPageDto, WarningItemDto } from './warning-group.dto.js';
import type { WarningGroupsPage } from './warning-groups-sql.js';
import { SEVERITY_OF_RANK } from './warning-severity.js';
import type { WarningCode, WarningRow } from './warnings-sql.js';
import { WarningsRepository } from './warnings.repository.js';

export class ListWarningGroupsQuery extends Query<WarningGroupPageDto> {
  constructor(
    readonly actor: Actor,
    readonly organisationId: string | undefined,
    readonly codes: WarningCode[] | undefined,
    readonly page: WarningGroupsPage,
  ) {
    super();
  }
}

/**
 * The warnings grouped by organisation and code, a page of groups at a time, each naming a page of its certificates:
 * "12 certificates of Ambulances Namur have no known keystore", not twelve identical lines. Scoped as
 * GET /api/v1/warnings: another tenant's organisation answers 404 like a missing one.
 */
@QueryHandler(ListWarningGroupsQuery)
export class ListWarningGroupsHandler implements IQueryHandler<ListWarningGroupsQuery> {
  constructor(
    private readonly warnings: WarningsRepository,
    private readonly access: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  async execute({
    actor,
    organisationId,
    codes,
    page,
  }: ListWarningGroupsQuery): Promise<WarningGroupPageDto> {
    if (organisationId) this.access.require(actor, 'certificate.read', organisationId, 'organisation');
    const scope = organisationId
      ? [organisationId]
      : this.access.visibleOrganisationIds(actor, 'certificate.read');
    const now = this.clock.now();
    const rows = await this.warnings.groups(scope, now, codes, page);
    return {
      total: rows[0]?.total ?? 0,
      groups: rows
        .filter((row) => row.organisation_id !== null)
        .map((row) => ({
          organisationId: row.organisation_id!,
          organisationName: row.organisation_name!,
          code: row.code!,
          severity: SEVERITY_OF_RANK[row.severity_rank!]!,
          count: row.count!,
          items: row.items.map((item) => ({
            ...toItem({ ...item, not_after: item.not_after ? new Date(item.not_after) : null }, now, actor),
            ...(item.mute ? { mute: item.mute } : {}),
          })),
        })),
    };
  }
}

function toItem(row: WarningRow, now: Date, actor: Actor): WarningItemDto {
  const { severity, message } = describeWarning(row, now, actor.centralAdmin);
  const item: WarningItemDto = { severity, message };
  if (row.certificate_id) item.certificateId = row.certificate_id;
  if (row.identifier_type) item.identifierType = row.identifier_type;
  if (row.identifier_value) item.identifierValue = row.identifier_value;
  if (row.application_id) item.applicationId = row.application_id;
  if (row.holder_name) item.holderName = row.holder_name;
  if (row.not_after) {
    item.notAfter = row.not_after.toISOString();
    item.daysLeft = daysLeft(row.not_after, now);
  }
  if (row.code === 'MANAGER_LEFT' && row.detail) item.managerName = row.detail;
  if (row.code === 'CONTACT_DELIVERY_FAILED') {
    if (row.detail) item.contactEmail = row.detail;
    if (row.failure) item.failure = row.failure;
  }
  if (row.code === 'ETK_DISCOVERY_FAILING' && row.failure) item.failure = row.failure;
  if (row.code === 'PRODUCTION_LIMIT_EXCEEDED') {
    const check = productionLimitCheck(row);
    item.used = check.used;
    item.limit = check.limit;
  }
  return item;
}
