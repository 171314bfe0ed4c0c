import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Rows an evidence pack is made of, read in one snapshot (see MakeEvidencePackHandler). */
export interface EvidenceRows {
  organisation: { id: string; name: string };
  certificates: CertificateRow[];
  handovers: HandoverRow[];
  handoverSignatures: HandoverSignatureRow[];
  reminders: ReminderRow[];
  renewals: RenewalRow[];
  revocations: RevocationRow[];
  passwordChanges: PasswordChangeRow[];
  /** null: this installation has no custody attestation table yet. */
  custodyAttestations: CustodyAttestationRow[] | null;
  events: AuditEventRow[];
  chainHeads: { chain: string; lastEventId: string; lastHash: string }[];
}

export interface CertificateRow {
  id: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  sha256Fingerprint: string;
  notBefore: Date;
  notAfter: Date;
  identifierType: string | null;
  identifierValue: string | null;
  applicationId: string | null;
  holderName: string | null;
  environment: string;
  state: string;
  revokedAt: Date | null;
  revocationReason: string | null;
  keystoreFileName: string | null;
  keystoreHost: string | null;
  keystorePath: string | null;
  managerName: string | null;
  passwordCustodianName: string | null;
}

export interface HandoverRow {
  id: string;
  certificateIds: string[];
  fromName: string;
  toName: string;
  outgoingSignerRole: string;
  reason: string;
  state: string;
  document: string;
  openedAt: Date;
  completedAt: Date | null;
  cancelledAt: Date | null;
}

export interface HandoverSignatureRow {
  handoverId: string;
  role: string;
  signerName: string;
  digestAlgorithm: string;
  signatureAlgorithm: string;
  signature: Buffer;
  certificateDer: Buffer;
  certificateSha256: string;
  signedAt: Date;
}

export interface ReminderRow {
  certificateId: string;
  milestone: string;
  createdAt: Date;
  recipient: string;
  kind: string;
  state: string;
  sentAt: Date | null;
  messageId: string | null;
}

export interface RenewalRow {
  id: string;
  certificateId: string;
  state: string;
  openedAt: Date;
  stateChangedAt: Date;
  renewedCertificateId: string | null;
  usages: string[];
  abandonReason: string | null;
}

export interface RevocationRow {
  certificateId: string;
  reason: string;
  revokedOn: string;
  note: string;
  recordedAt: Date;
}

export interface PasswordChangeRow {
  certificateId: string;
  changedOn: string;
  custodianName: string | null;
  note: string;
  recordedAt: Date;
}

export interface CustodyAttestationRow {
  certificateId: string;
  personName: string;
  outcome: string;
  failure: string | null;
  checkedAt: Date;
  keystoreCertificateFingerprints: string[];
  etkPublicKeyFingerprint: string | null;
}

export interface AuditEventRow {
  id: string;
  chain: string;
  certificateId: string | null;
  actorLabel: string;
  occurredAt: Date;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  signature: Record<string, unknown> | null;
  previousHash: string;
  hash: string;
}

export interface EvidenceSize {
  certificates: number;
  events: number;
}

/**
 * Reads what an evidence pack holds for some certificates of one organisation. Everything is keyed by certificate
 * ids, and the audit events are those of the certificates plus the handovers that covered them.
 */
@Injectable()
export class EvidenceRepository {
  async organisation(manager: EntityManager, id: string): Promise<{ id: string; name: string } | null> {
    const [row] = (await manager.query('SELECT id, name FROM organisation WHERE id = $1', [id])) as {
      id: string;
      name: string;
    }[];
    return row ?? null;
  }

  async certificateOrganisation(manager: EntityManager, certificateId: string): Promise<string | null> {
    const [row] = (await manager.query('SELECT organisation_id FROM certificate WHERE id = $1', [
      certificateId,
    ])) as { organisation_id: string }[];
    return row?.organisation_id ?? null;
  }

  /** How big a pack would be, counting at most limit + 1 of each, so a huge organisation costs no full count. */
  async size(
    manager: EntityManager,
    organisationId: string,
    certificateId: string | null,
    limits: EvidenceSize,
  ): Promise<EvidenceSize> {
    const [certificates] = (await manager.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM certificate
        WHERE organisation_id = $1 AND ($2::uuid IS NULL OR id = $2) LIMIT $3) c`,
      [organisationId, certificateId, limits.certificates + 1],
    )) as { n: number }[];
    const [events] = (await manager.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM audit_event
        WHERE organisation_id = $1 AND ($2::uuid IS NULL OR certificate_id = $2) LIMIT $3) e`,
      [organisationId, certificateId, limits.events + 1],
    )) as { n: number }[];
    return { certificates: certificates!.n, events: events!.n };
  }

  async rows(
    manager: EntityManager,
    organisationId: string,
    certificateId: string | null,
  ): Promise<EvidenceRows> {
    const organisation = (await this.organisation(manager, organisationId))!;
    const certificates = await this.certificates(manager, organisationId, certificateId);
    const ids = certificates.map((c) => c.id);
    const handovers = await this.handovers(manager, ids);
    const handoverIds = handovers.map((h) => h.id);
    const events = await this.events(manager, organisationId, ids, handoverIds);
    const chains = [...new Set(events.map((e) => e.chain))];
    return {
      organisation,
      certificates,
      handovers,
      handoverSignatures: await this.handoverSignatures(manager, handoverIds),
      reminders: await this.reminders(manager, ids),
      renewals: await this.renewals(manager, ids),
      revocations: await this.revocations(manager, ids),
      passwordChanges: await this.passwordChanges(manager, ids),
      custodyAttestations: await this.custodyAttestations(manager, ids),
      events,
      chainHeads: (await manager.query(
        `SELECT chain, last_event_id AS "lastEventId", last_hash AS "lastHash"
           FROM audit_chain_head WHERE chain = ANY($1) ORDER BY chain`,
        [chains],
      )) as EvidenceRows['chainHeads'],
    };
  }

  private certificates(
    manager: EntityManager,
    organisationId: string,
    certificateId: string | null,
  ): Promise<CertificateRow[]> {
    return manager.query(
      `SELECT c.id, c.subject, c.issuer, c.serial_number AS "serialNumber", c.sha256_fingerprint AS "sha256Fingerprint",
              c.not_before AS "notBefore", c.not_after AS "notAfter", c.identifier_type AS "identifierType",
              c.identifier_value AS "identifierValue", c.application_id AS "applicationId",
              c.holder_name AS "holderName", c.environment, c.state, c.revoked_at AS "revokedAt",
              c.revocation_reason AS "revocationReason", k.file_name AS "keystoreFileName", k.host AS "keystoreHost",
              k.path AS "keystorePath", m.name AS "managerName", p.name AS "passwordCustodianName"
         FROM certificate c
         LEFT JOIN keystore k ON k.id = c.keystore_id
         LEFT JOIN person m ON m.id = c.manager_id
         LEFT JOIN person p ON p.id = c.password_custodian_id
        WHERE c.organisation_id = $1 AND ($2::uuid IS NULL OR c.id = $2)
        ORDER BY c.not_after, c.id`,
      [organisationId, certificateId],
    );
  }

  private handovers(manager: EntityManager, certificateIds: string[]): Promise<HandoverRow[]> {
    return manager.query(
      `SELECT h.id, array_agg(hc.certificate_id ORDER BY hc.certificate_id) AS "certificateIds",
              f.name AS "fromName", t.name AS "toName", h.outgoing_signer_role AS "outgoingSignerRole", h.reason,
              h.state, h.document, h.opened_at AS "openedAt", h.completed_at AS "completedAt",
              h.cancelled_at AS "cancelledAt"
         FROM handover h
         JOIN handover_certificate hc ON hc.handover_id = h.id AND hc.certificate_id = ANY($1)
         JOIN person f ON f.id = h.from_person_id
         JOIN person t ON t.id = h.to_person_id
        GROUP BY h.id, f.name, t.name
        ORDER BY h.opened_at, h.id`,
      [certificateIds],
    );
  }

  private handoverSignatures(manager: EntityManager, handoverIds: string[]): Promise<HandoverSignatureRow[]> {
    return manager.query(
      `SELECT s.handover_id AS "handoverId", s.role, p.name AS "signerName", s.digest_algorithm AS "digestAlgorithm",
              s.signature_algorithm AS "signatureAlgorithm", s.signature, s.certificate_der AS "certificateDer",
              s.certificate_sha256 AS "certificateSha256", s.signed_at AS "signedAt"
         FROM handover_signature s JOIN person p ON p.id = s.signer_person_id
        WHERE s.handover_id = ANY($1)
        ORDER BY s.signed_at, s.id`,
      [handoverIds],
    );
  }

  private reminders(manager: EntityManager, certificateIds: string[]): Promise<ReminderRow[]> {
    return manager.query(
      `SELECT r.certificate_id AS "certificateId", r.milestone, r.created_at AS "createdAt", d.recipient, d.kind,
              d.state, d.sent_at AS "sentAt", d.message_id AS "messageId"
         FROM reminder r JOIN reminder_delivery d ON d.reminder_id = r.id
        WHERE r.certificate_id = ANY($1)
        ORDER BY r.created_at, d.queued_at, d.id`,
      [certificateIds],
    );
  }

  private renewals(manager: EntityManager, certificateIds: string[]): Promise<RenewalRow[]> {
    return manager.query(
      `SELECT id, certificate_id AS "certificateId", state, opened_at AS "openedAt",
              state_changed_at AS "stateChangedAt", renewed_certificate_id AS "renewedCertificateId", usages,
              abandon_reason AS "abandonReason"
         FROM renewal_case WHERE certificate_id = ANY($1) ORDER BY opened_at, id`,
      [certificateIds],
    );
  }

  private revocations(manager: EntityManager, certificateIds: string[]): Promise<RevocationRow[]> {
    return manager.query(
      `SELECT certificate_id AS "certificateId", reason, revoked_on::text AS "revokedOn", note,
              recorded_at AS "recordedAt"
         FROM revocation WHERE certificate_id = ANY($1) ORDER BY recorded_at, id`,
      [certificateIds],
    );
  }

  private passwordChanges(manager: EntityManager, certificateIds: string[]): Promise<PasswordChangeRow[]> {
    return manager.query(
      `SELECT pc.certificate_id AS "certificateId", pc.changed_on::text AS "changedOn", p.name AS "custodianName",
              pc.note, pc.recorded_at AS "recordedAt"
         FROM password_change pc LEFT JOIN person p ON p.id = pc.custodian_id
        WHERE pc.certificate_id = ANY($1) ORDER BY pc.recorded_at, pc.id`,
      [certificateIds],
    );
  }

  /** The custodians' keystore checks (issue 14's readiness work), when this installation has the table. */
  private async custodyAttestations(
    manager: EntityManager,
    certificateIds: string[],
  ): Promise<CustodyAttestationRow[] | null> {
    const [{ present }] = (await manager.query(
      `SELECT to_regclass('custody_attestation') IS NOT NULL AS present`,
    )) as [{ present: boolean }];
    if (!present) return null;
    return manager.query(
      `SELECT a.certificate_id AS "certificateId", p.name AS "personName", a.outcome, a.failure,
              a.checked_at AS "checkedAt", a.keystore_certificate_fingerprints AS "keystoreCertificateFingerprints",
              a.etk_public_key_fingerprint AS "etkPublicKeyFingerprint"
         FROM custody_attestation a JOIN person p ON p.id = a.person_id
        WHERE a.certificate_id = ANY($1) ORDER BY a.checked_at, a.id`,
      [certificateIds],
    );
  }

  /** The certificates' own events, and those of the handovers that covered them (recorded on no one certificate). */
  private events(
    manager: EntityManager,
    organisationId: string,
    certificateIds: string[],
    handoverIds: string[],
  ): Promise<AuditEventRow[]> {
    return manager.query(
      `SELECT id::text, chain, certificate_id AS "certificateId", actor_label AS "actorLabel",
              occurred_at AS "occurredAt", action, before, after, signature, previous_hash AS "previousHash", hash
         FROM audit_event
        WHERE certificate_id = ANY($1)
           OR (organisation_id = $2 AND certificate_id IS NULL AND action LIKE 'handover.%'
               AND coalesce(after->>'handoverId', before->>'handoverId') = ANY($3::text[]))
        ORDER BY id`,
      [certificateIds, organisationId, handoverIds],
    );
  }
}
