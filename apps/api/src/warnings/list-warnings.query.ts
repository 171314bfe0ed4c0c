import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  brusselsEpochDay,
  checkProductionLimit,
  daysLeft,
  findIdentifierType,
  maskSsin,
  type ProductionLimitCheck,
} from '@certdesk/domain';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { Clock } from '../core/clock.js';
import type { WarningMuteFilter } from './warning-mute-sql.js';
import type { WarningDto, WarningSeverity } from './warning.dto.js';
import { warningSeverity } from './warning-severity.js';
import type { WarningCode, WarningRow } from './warnings-sql.js';
import { WarningsRepository } from './warnings.repository.js';

export class ListWarningsQuery extends Query<WarningDto[]> {
  constructor(
    readonly actor: Actor,
    readonly organisationId: string | undefined,
    readonly codes: WarningCode[] | undefined,
    readonly limit: number,
    readonly muted: WarningMuteFilter = 'include',
  ) {
    super();
  }
}

/**
 * The warnings of an organisation (or every one the actor can see), most severe first, then the soonest expiry: ranked
 * and cut to `limit` by Postgres (ranked-warnings-sql.ts), then worded here.
 */
@QueryHandler(ListWarningsQuery)
export class ListWarningsHandler implements IQueryHandler<ListWarningsQuery> {
  constructor(
    private readonly warnings: WarningsRepository,
    private readonly access: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, organisationId, codes, limit, muted }: ListWarningsQuery): Promise<WarningDto[]> {
    if (organisationId) this.access.require(actor, 'certificate.read', organisationId, 'organisation');
    const scope = organisationId
      ? [organisationId]
      : this.access.visibleOrganisationIds(actor, 'certificate.read');
    const now = this.clock.now();
    const rows = await this.warnings.ranked(scope, now, codes, limit, muted);
    return rows.map((row) => {
      const { severity, message } = describeWarning(row, now, actor.centralAdmin);
      return {
        code: row.code,
        severity,
        organisationId: row.organisation_id,
        organisationName: row.organisation_name,
        ...(row.certificate_id ? { certificateId: row.certificate_id } : {}),
        message,
        ...(row.mute ? { mute: row.mute } : {}),
      };
    });
  }
}

/** `NIHII-AMBU_SERVICE=79609977, VITALINKGATEWAY (AMBULANCES DE NAMUR)`, an SSIN masked unless `revealSsin`. */
export function certificateLabel(
  row: Pick<WarningRow, 'identifier_type' | 'identifier_value' | 'application_id' | 'holder_name'>,
  revealSsin: boolean,
): string {
  if (!row.identifier_type || !row.identifier_value) return 'A certificate';
  const value =
    findIdentifierType(row.identifier_type)?.checkRule === 'ssin' && !revealSsin
      ? maskSsin(row.identifier_value)
      : row.identifier_value;
  return (
    `${row.identifier_type}=${value}${row.application_id ? `, ${row.application_id}` : ''}` +
    (row.holder_name ? ` (${row.holder_name})` : '')
  );
}

/** The warning's severity (warning-severity.ts) and, in English, what is wrong and what to do. */
export function describeWarning(
  row: WarningRow,
  now: Date,
  revealSsin: boolean,
): { severity: WarningSeverity; message: string } {
  const left = row.not_after ? daysLeft(row.not_after, now) : null;
  return { severity: warningSeverity(row.code, left), message: warningMessage(row, left, revealSsin, now) };
}

function warningMessage(row: WarningRow, left: number | null, revealSsin: boolean, now: Date): string {
  const label = certificateLabel(row, revealSsin);
  switch (row.code) {
    case 'NO_GENERIC_CONTACT':
      return 'No generic contact address (such as info@...): reminders go to the administrators instead, and eHealth mails only people, who may leave. Add one.';
    case 'CONTACT_DELIVERY_FAILED':
      return `Mail to the contact ${row.detail}${row.failure ? `: ${row.failure}` : ''} failed. Correct or replace the address.`;
    case 'MANAGER_LEFT':
      return `${label}: its certificate manager ${row.detail} has left the organisation. Designate a new manager before it must be renewed.`;
    case 'KEYSTORE_LOCATION_UNKNOWN':
      return `${label}: where its keystore lives (the PC and the folder) is not recorded. Without the keystore it cannot be renewed.`;
    case 'UNKNOWN_ENVIRONMENT':
      return `${label}: its issuer is not known as production or acceptance. Add the issuer to ISSUER_ENVIRONMENTS.`;
    case 'RENEWABLE_NO_RENEWAL':
      return `${label}: renewable, ${left} day${left === 1 ? '' : 's'} left, and no renewal started.`;
    case 'ETK_UNKNOWN_TO_INVENTORY':
      return `${label}: published in the eHealth ETK directory, unknown to the inventory until the directory was searched. Record who manages it and where its keystore lives, or import its keystore.`;
    case 'ETK_KEYSTORE_MISMATCH':
      return `${label}: the ETK published in the ETK directory${row.detail ? ` (${row.detail})` : ''} is not the one in its keystore: messages encrypted for it cannot be read with that keystore. Find the keystore that holds the published ETK, or activate the keystore's ETK in the eHealth tool.`;
    case 'ETK_RENEWAL_NOT_ACTIVATED': {
      const days = row.detail ? brusselsEpochDay(now) - brusselsEpochDay(new Date(row.detail)) : null;
      return `${label}: renewal phase 2 was recorded ${days ?? 'some'} day${days === 1 ? '' : 's'} ago, but the ETK directory still publishes the old ETK. Activate the renewal ETK (phase 3) in the eHealth tool.`;
    }
    case 'ETK_DISCOVERY_FAILING': {
      const times = row.used ?? 1;
      return `The last search of the eHealth ETK directory failed (${row.detail}${row.failure ? `: ${row.failure}` : ''}), ${times} time${times === 1 ? '' : 's'} since the last success: what the directory publishes for this organisation may have changed unseen. Search it again from the organisation's page; if it keeps failing, check the installation's access to the depot (ETK_DEPOT_URL).`;
    }
    case 'PRODUCTION_LIMIT_EXCEEDED': {
      const check = productionLimitCheck(row);
      return check.holder === 'person'
        ? `${check.used} production certificates in force for ${certificateLabel({ ...row, application_id: null, holder_name: null }, revealSsin)}: a natural person may hold ${check.limit}. Revoke the extra ones.`
        : `${check.used} production certificates in force: an organisation may hold ${check.limit}. Revoke the extra ones.`;
    }
  }
}

/** A PRODUCTION_LIMIT_EXCEEDED row judged by libs/domain: who holds them, how many, how many are allowed. */
export function productionLimitCheck(row: Pick<WarningRow, 'detail' | 'used'>): ProductionLimitCheck {
  return checkProductionLimit({
    holder: row.detail === 'person' ? 'person' : 'organisation',
    used: row.used ?? 0,
  });
}
