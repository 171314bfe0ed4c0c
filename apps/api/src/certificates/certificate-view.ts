import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  certificateStatus,
  daysLeft,
  muteLapse,
  OPEN_RENEWAL_STATES,
  RENEWAL_PHASES,
} from '@certdesk/domain';
import type { CertificateEntity } from '@certdesk/persistence';
import { Clock } from '../core/clock.js';
import type { MuteDto } from '../mutes/mutes.dto.js';
import type { CertificateDto, PersonRefDto } from './certificate.dto.js';

/**
 * What every row refers to, one result row per input row (`i`, its 1-based position), in one statement: the
 * manager and password custodian with their membership of the certificate's organisation, the keystore, and the
 * open renewal case (at most one per certificate: a unique index says so). The rows' own values are sent as
 * arrays, so the answer follows the entities as the caller holds them; six parameters, whatever the page size.
 * Correlated subqueries (index look-ups), not a six-way join: planning that join cost more than the four queries
 * it replaced (about 2 ms, and the planner then hashed whole tables for a page of rows). People and keystores come
 * as JSON (no dates in them); the renewal's columns as they are, so its timestamp is read like every other; the
 * labels as an array of their names.
 */
const PERSON_JSON = (personIdColumn: string) => `(
    SELECT json_build_object('id', p.id, 'name', p.name, 'employed', COALESCE(
             (SELECT m.employed FROM membership m WHERE m.person_id = p.id AND m.organisation_id = c.organisation_id),
             false))
      FROM person p WHERE p.id = ${personIdColumn})`;

/** How many deployments of certificate `c` still use it after a renewal: neither confirmed nor overridden. */
const STILL_IN_USE_SQL = `(SELECT count(*)::int FROM cut_over_request co
                            WHERE co.certificate_id = c.id AND co.confirmed_at IS NULL AND co.overridden_at IS NULL)`;

/** A certificate `c`'s label names in key order (the primary key of certificate_label leads with the certificate). */
const LABELS_SQL = `ARRAY(SELECT l.name FROM certificate_label cl JOIN label l ON l.id = cl.label_id
                     WHERE cl.certificate_id = c.id ORDER BY l.key)`;

/**
 * A certificate `c`'s reminders mute nobody unmuted, with who set it and its renewal cases' states: shape() keeps it
 * only while libs/domain's muteLapse says it is in force (the certificate's own state is in the row).
 */
const REMINDERS_MUTE_SQL = `(
    SELECT json_build_object('id', m.id, 'organisationId', m.organisation_id, 'certificateId', m.certificate_id,
             'reason', m.reason, 'note', m.note, 'replacedByCertificateId', m.replaced_by_certificate_id,
             'endDate', to_char(m.end_date, 'YYYY-MM-DD'), 'until', m.until, 'mutedAt', m.muted_at,
             'mutedBy', (SELECT json_build_object('id', u.id, 'name', p.name, 'email', u.email)
                           FROM app_user u JOIN person p ON p.id = u.person_id WHERE u.id = m.muted_by_id),
             'renewalStates', ARRAY(SELECT rc.state FROM renewal_case rc WHERE rc.certificate_id = c.id))
      FROM mute m WHERE m.certificate_id = c.id AND m.warning_code IS NULL AND m.unmuted_at IS NULL)`;

/**
 * The related columns over a certificate row `c` (its organisation_id, whose name the lists show without asking for every
 * organisation's, manager_id, keystore_id and a custodian
 * column) and a left-joined open renewal `r`, as RelatedRow names them: the list selects them beside its page.
 */
export function relatedColumnsSql(custodianColumn = 'c.password_custodian_id'): string {
  return `(SELECT o.name FROM organisation o WHERE o.id = c.organisation_id) AS organisation_name,
         ${PERSON_JSON('c.manager_id')} AS manager,
         ${PERSON_JSON(custodianColumn)} AS custodian,
         (SELECT json_build_object('id', k.id, 'fileName', k.file_name, 'host', k.host, 'path', k.path)
            FROM keystore k WHERE k.id = c.keystore_id) AS keystore,
         ${REMINDERS_MUTE_SQL} AS mute,
         ${LABELS_SQL} AS labels,
         ${STILL_IN_USE_SQL} AS still_in_use_by,
         r.id AS renewal_id, r.state AS renewal_state, r.state_changed_at AS renewal_state_changed_at`;
}

/** The open renewal of certificate `c` (at most one), for relatedColumnsSql; `$states` is the open states' array. */
export const OPEN_RENEWAL_JOIN = (states: string) =>
  `LEFT JOIN renewal_case r ON r.certificate_id = c.id AND r.state = ANY(${states}::text[])`;

const RELATED_SQL = `
  SELECT c.i, ${relatedColumnsSql('c.custodian_id')}
    FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[])
           WITH ORDINALITY AS c(id, organisation_id, manager_id, custodian_id, keystore_id, i)
    ${OPEN_RENEWAL_JOIN('$6')}`;

interface RemindersMuteJson {
  id: string;
  organisationId: string;
  certificateId: string;
  reason: string;
  note: string | null;
  replacedByCertificateId: string | null;
  endDate: string;
  until: string;
  mutedAt: string;
  mutedBy: MuteDto['mutedBy'];
  renewalStates: string[];
}

/** The reminders mute as the certificate shows it, while it is in force. */
function muteInForce(json: RemindersMuteJson | null, state: string, now: Date): MuteDto | null {
  if (!json) return null;
  const until = new Date(json.until);
  if (muteLapse({ until, unmutedAt: null }, { state, renewalStates: json.renewalStates }, now) !== null)
    return null;
  return {
    id: json.id,
    organisationId: json.organisationId,
    certificateId: json.certificateId,
    warningCode: null,
    reason: json.reason,
    note: json.note,
    replacedByCertificateId: json.replacedByCertificateId,
    endDate: json.endDate,
    until: until.toISOString(),
    mutedBy: json.mutedBy,
    mutedAt: new Date(json.mutedAt).toISOString(),
  };
}

export interface RelatedRow {
  organisation_name: string;
  manager: PersonRefDto | null;
  custodian: PersonRefDto | null;
  keystore: { id: string; fileName: string; host: string; path: string } | null;
  mute: RemindersMuteJson | null;
  labels: string[];
  still_in_use_by: number;
  renewal_id: string | null;
  renewal_state: string | null;
  renewal_state_changed_at: Date | null;
}

/**
 * Shapes certificate rows into CertificateDto, loading what they refer to in one set-based statement (never one
 * query per row; one statement, so it is also safe on a transaction's single connection). Status and days left
 * are computed here, at read time, from notBefore/notAfter only.
 */
@Injectable()
export class CertificateView {
  constructor(private readonly clock: Clock) {}

  async load(
    manager: EntityManager,
    rows: CertificateEntity[],
    now = this.clock.now(),
  ): Promise<CertificateDto[]> {
    if (rows.length === 0) return [];
    const related: (RelatedRow & { i: string })[] = await manager.query(RELATED_SQL, [
      rows.map((r) => r.id),
      rows.map((r) => r.organisationId),
      rows.map((r) => r.managerId),
      rows.map((r) => r.passwordCustodianId),
      rows.map((r) => r.keystoreId),
      OPEN_RENEWAL_STATES,
    ]);
    const byPosition = new Map(related.map((r) => [Number((r as RelatedRow & { i: string }).i), r]));
    return this.shape(
      rows.map((row, index) => {
        const r = byPosition.get(index + 1);
        if (!r) throw new Error(`CertificateView: no related row for certificate ${row.id}`);
        return { row, related: r };
      }),
      now,
    );
  }

  /** Rows whose related values are already read (the list selects them with its page: relatedColumnsSql). */
  shape(rows: { row: CertificateEntity; related: RelatedRow }[], now = this.clock.now()): CertificateDto[] {
    return rows.map(({ row, related: r }) => {
      return {
        id: row.id,
        organisationId: row.organisationId,
        organisationName: r.organisation_name,
        subject: row.subject,
        issuer: row.issuer,
        serialNumber: row.serialNumber,
        sha256Fingerprint: row.sha256Fingerprint,
        notBefore: row.notBefore.toISOString(),
        notAfter: row.notAfter.toISOString(),
        keyAlgorithm: row.keyAlgorithm,
        hasPrivateKey: row.hasPrivateKey,
        alias: row.alias,
        status: certificateStatus(row, now),
        daysLeft: daysLeft(row.notAfter, now),
        ehealth:
          row.identifierType && row.identifierValue
            ? {
                identifierType: row.identifierType,
                identifierValue: row.identifierValue,
                applicationId: row.applicationId,
                holderName: row.holderName,
                environment: row.environment,
                knownType: row.knownType ?? false,
                checkDigitsValid: row.checkDigitsValid,
              }
            : null,
        state: row.state,
        supersededById: row.supersededById,
        revokedAt: row.revokedAt?.toISOString() ?? null,
        revocationReason: row.revocationReason,
        revokeAndRequestAgain: row.revokeAndRequestAgain,
        manager: r.manager,
        passwordCustodian: r.custodian,
        keystore: r.keystore
          ? {
              id: r.keystore.id,
              fileName: r.keystore.fileName,
              host: r.keystore.host || null,
              path: r.keystore.path || null,
            }
          : null,
        usages: row.usages,
        mute: muteInForce(r.mute, row.state, now),
        labels: r.labels,
        notes: row.notes,
        renewal:
          r.renewal_id && r.renewal_state && r.renewal_state_changed_at
            ? {
                id: r.renewal_id,
                state: r.renewal_state,
                phase: RENEWAL_PHASES.find((p) => p.state === r.renewal_state)?.phase ?? 0,
                stateChangedAt: r.renewal_state_changed_at.toISOString(),
              }
            : null,
        stillInUseBy: r.still_in_use_by,
        source: row.source,
        importedAt: row.importedAt.toISOString(),
      };
    });
  }
}
