import type { EntityManager } from 'typeorm';
import { isRenewalOpen, type RenewalState } from '@certdesk/domain';
import type { AuditRecord } from '../../audit/audit-trail.js';
import { groupBy } from '../../common/group-by.js';
import { LABEL_ACTIONS } from '../../labels/certificate-labelling.js';
import { carryLabelsOver } from '../../labels/labels.repository.js';

export interface Supersession {
  /** Active certificates the imported one renews (now superseded by it). */
  supersedes: string[];
  /** A later active certificate that renews the imported one (which is then stored as superseded). */
  supersededById: string | null;
}

/** What the supersession needs to know of a certificate just inserted (active) by an import. */
export interface ImportedCertificate {
  id: string;
  organisationId: string;
  identifierType: string | null;
  identifierValue: string | null;
  applicationId: string | null;
  environment: string;
  notAfter: Date;
}

export interface SupersessionOutcome {
  /** By imported certificate id. */
  supersessions: Map<string, Supersession>;
  /** By imported certificate id: the audit events its import caused, to follow its own `certificate.imported`. */
  auditRecords: Map<string, AuditRecord[]>;
}

interface ActiveRow {
  id: string;
  identity: string;
  notAfter: Date;
  supersededById: string | null;
}

interface RenewalRow {
  id: string;
  certificateId: string;
  state: string;
  renewedCertificateId: string | null;
}

/**
 * A renewed certificate keeps the identifier type and value, the application ID and the environment of the one it
 * renews, with a later notAfter. Per identity, among the active certificates (those just imported included), the one
 * with the latest notAfter stays active: every imported certificate older than it is stored as superseded by it, and
 * when it is itself imported, it supersedes every older active one and takes over their open renewal cases. This is
 * what importing the file's certificates one by one, oldest first, used to do with a locked query each; here it is one
 * locked query for the whole file, one update, and the audit records for the caller to append in one batch.
 *
 * @param imported the certificates just inserted, oldest first (the order their audit events follow).
 */
export async function supersedeRenewedCertificates(
  manager: EntityManager,
  imported: ImportedCertificate[],
): Promise<SupersessionOutcome> {
  const outcome: SupersessionOutcome = { supersessions: new Map(), auditRecords: new Map() };
  for (const certificate of imported) {
    outcome.supersessions.set(certificate.id, { supersedes: [], supersededById: null });
    outcome.auditRecords.set(certificate.id, []);
  }
  const withIdentity = imported.filter((c) => c.identifierType !== null && c.identifierValue !== null);
  if (withIdentity.length === 0) return outcome;
  const organisationId = withIdentity[0]!.organisationId;

  const active = await lockActiveCertificates(manager, organisationId, withIdentity);
  const byIdentity = groupBy(active, (row) => row.identity);

  // Decided per identity, in the order the audit trail tells it: each imported certificate's own events follow it.
  const superseded: { row: ActiveRow; by: string; auditAfter: string }[] = [];
  const importedIds = new Set(withIdentity.map((c) => c.id));
  const importedByIdentity = groupBy(withIdentity, identityOf);
  for (const [identity, importedHere] of importedByIdentity) {
    const rows = byIdentity.get(identity);
    if (!rows) continue; // cannot be: the imported certificates are active rows of this transaction
    const top = rows.reduce((latest, r) => Math.max(latest, r.notAfter.getTime()), -Infinity);
    // The first imported certificate at the latest notAfter renews the older pre-existing ones.
    const renewal = importedHere.find((c) => c.notAfter.getTime() === top);
    const atTop = rows.filter((r) => r.notAfter.getTime() === top);
    const newest = atTop.find((r) => !importedIds.has(r.id))?.id ?? renewal!.id;
    const older = rows.filter((r) => r.notAfter.getTime() < top);
    for (const row of older.filter((r) => importedIds.has(r.id))) {
      superseded.push({ row, by: newest, auditAfter: row.id });
      outcome.supersessions.get(row.id)!.supersededById = newest;
    }
    if (renewal) {
      // Newest first, as the import one by one listed them.
      const renewed = older
        .filter((r) => !importedIds.has(r.id))
        .sort((a, b) => b.notAfter.getTime() - a.notAfter.getTime());
      for (const row of renewed) superseded.push({ row, by: renewal.id, auditAfter: renewal.id });
      outcome.supersessions.get(renewal.id)!.supersedes = renewed.map((r) => r.id);
    }
  }
  if (superseded.length === 0) return outcome;

  await markSuperseded(manager, superseded);
  const renewals = await lockRenewalCases(
    manager,
    superseded.filter(({ row }) => !importedIds.has(row.id)).map(({ row }) => row.id),
  );
  const relinked: { id: string; renewedCertificateId: string }[] = [];
  for (const { row, by, auditAfter } of superseded) {
    const records = outcome.auditRecords.get(auditAfter)!;
    records.push({
      action: 'certificate.superseded',
      organisationId,
      certificateId: row.id,
      before: { state: 'active', supersededById: row.supersededById },
      after: { state: 'superseded', supersededById: by },
    });
    // A pre-existing certificate's open renewal case now points at the certificate that renews it.
    for (const renewal of renewals.get(row.id) ?? []) {
      if (!isRenewalOpen(renewal.state as RenewalState) || renewal.renewedCertificateId === by) continue;
      relinked.push({ id: renewal.id, renewedCertificateId: by });
      records.push({
        action: 'renewal.renewed-certificate-linked',
        organisationId,
        certificateId: row.id,
        before: { renewalCaseId: renewal.id, renewedCertificateId: renewal.renewedCertificateId },
        after: { renewalCaseId: renewal.id, renewedCertificateId: by },
      });
    }
  }
  await relinkRenewalCases(manager, relinked);
  // The renewing certificate keeps the renewed ones' labels, so a list filtered by label still finds it.
  const carried = await carryLabelsOver(
    manager,
    superseded
      .filter(({ row, by }) => !importedIds.has(row.id) && importedIds.has(by))
      .map(({ row, by }) => ({
        from: row.id,
        to: by,
      })),
  );
  for (const { certificateId, labels, from } of carried)
    outcome.auditRecords.get(certificateId)!.push({
      action: LABEL_ACTIONS.added,
      organisationId,
      certificateId,
      before: { labels: [] },
      after: { labels, carriedOverFrom: from },
    });
  return outcome;
}

function identityOf(c: {
  identifierType: string | null;
  identifierValue: string | null;
  applicationId: string | null;
  environment: string;
}): string {
  return JSON.stringify([c.identifierType, c.identifierValue, c.applicationId, c.environment]);
}

/**
 * Every active certificate sharing an identity with one of `imported` (them included), locked, in one query: one probe
 * of the identity index (migration 1796360000000) per identity. A join of the identities with the organisation's
 * certificates compared every pair of them (no hash join on `IS NOT DISTINCT FROM`, and an organisation just imported
 * into looks empty to the planner): 2 s for 1,000 identities among 3,000 certificates, growing with the organisation.
 * Rows are locked identity by identity (in the identities' sorted order), each identity's in id order, so two imports
 * into one organisation lock in the same order.
 */
async function lockActiveCertificates(
  manager: EntityManager,
  organisationId: string,
  imported: ImportedCertificate[],
): Promise<ActiveRow[]> {
  const identities = [...new Map(imported.map((c) => [identityOf(c), c]))]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, c]) => c);
  const rows: {
    id: string;
    identifier_type: string;
    identifier_value: string;
    application_id: string | null;
    environment: string;
    not_after: Date;
    superseded_by_id: string | null;
  }[] = await manager.query(
    // The array is the index's expression, the only index that answers it (so the planner picks it even when its
    // statistics think the organisation empty); array equality holds NULL equal to NULL (no application ID).
    `SELECT c.id, c.identifier_type, c.identifier_value, c.application_id, c.environment, c.not_after,
            c.superseded_by_id
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY
            AS wanted(identifier_type, identifier_value, application_id, environment, position)
      CROSS JOIN LATERAL (
            SELECT c.id, c.identifier_type, c.identifier_value, c.application_id, c.environment, c.not_after,
                   c.superseded_by_id
              FROM certificate c
             WHERE c.state = 'active'
               AND ARRAY[c.organisation_id::text, c.identifier_type, c.identifier_value, c.application_id, c.environment]
                   = ARRAY[$1::text, wanted.identifier_type, wanted.identifier_value, wanted.application_id,
                           wanted.environment]
             ORDER BY c.id
               FOR UPDATE OF c) c
      ORDER BY wanted.position, c.id`,
    [
      organisationId,
      identities.map((c) => c.identifierType),
      identities.map((c) => c.identifierValue),
      identities.map((c) => c.applicationId),
      identities.map((c) => c.environment),
    ],
  );
  return rows.map((row) => ({
    id: row.id,
    identity: identityOf({
      identifierType: row.identifier_type,
      identifierValue: row.identifier_value,
      applicationId: row.application_id,
      environment: row.environment,
    }),
    notAfter: row.not_after,
    supersededById: row.superseded_by_id,
  }));
}

async function markSuperseded(
  manager: EntityManager,
  superseded: { row: ActiveRow; by: string }[],
): Promise<void> {
  await manager.query(
    `UPDATE certificate c
        SET state = 'superseded', superseded_by_id = change.by, updated_at = now()
       FROM unnest($1::uuid[], $2::uuid[]) AS change(id, by)
      WHERE c.id = change.id`,
    [superseded.map((s) => s.row.id), superseded.map((s) => s.by)],
  );
}

/** The renewal cases of these certificates, locked, by certificate id. */
async function lockRenewalCases(
  manager: EntityManager,
  certificateIds: string[],
): Promise<Map<string, RenewalRow[]>> {
  const byCertificate = new Map<string, RenewalRow[]>();
  if (certificateIds.length === 0) return byCertificate;
  const rows: { id: string; certificate_id: string; state: string; renewed_certificate_id: string | null }[] =
    await manager.query(
      `SELECT id, certificate_id, state, renewed_certificate_id FROM renewal_case
        WHERE certificate_id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [certificateIds],
    );
  for (const row of rows) {
    const renewal = {
      id: row.id,
      certificateId: row.certificate_id,
      state: row.state,
      renewedCertificateId: row.renewed_certificate_id,
    };
    const cases = byCertificate.get(row.certificate_id);
    if (cases) cases.push(renewal);
    else byCertificate.set(row.certificate_id, [renewal]);
  }
  return byCertificate;
}

async function relinkRenewalCases(
  manager: EntityManager,
  relinked: { id: string; renewedCertificateId: string }[],
): Promise<void> {
  if (relinked.length === 0) return;
  await manager.query(
    `UPDATE renewal_case r SET renewed_certificate_id = change.renewed
       FROM unnest($1::uuid[], $2::uuid[]) AS change(id, renewed)
      WHERE r.id = change.id`,
    [relinked.map((r) => r.id), relinked.map((r) => r.renewedCertificateId)],
  );
}
