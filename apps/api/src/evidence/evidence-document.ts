import { groupBy } from '../common/group-by.js';
import type { AuditEventRow, EvidenceRows } from './evidence.repository.js';

export const EVIDENCE_DOCUMENT_FORMAT = 'certdesk-evidence/1';

/** A change in the audit trail, told by the event that recorded it (its hash ties it to the chain). */
export interface EvidenceChange {
  eventId: string;
  occurredAt: string;
  action: string;
  actor: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** What evidence.json holds (docs/evidence.md describes each field). */
export interface EvidenceDocument {
  format: typeof EVIDENCE_DOCUMENT_FORMAT;
  packId: string;
  generatedAt: string;
  generatedBy: string;
  scope: { kind: 'certificate' | 'organisation'; id: string };
  organisation: { id: string; name: string };
  signingKey: { algorithm: 'Ed25519'; fingerprint: string };
  /** Parts this installation cannot give yet, and why (e.g. no custody attestation table). */
  notes: string[];
  certificates: EvidenceCertificate[];
  auditChains: { chain: string; head: { eventId: string; hash: string } }[];
  /** The events as the audit trail holds them; `hash` and `previousHash` chain each to the one before it. */
  auditEvents: (Omit<AuditEventRow, 'occurredAt' | 'actorLabel'> & { occurredAt: string; actor: string })[];
}

export interface EvidenceCertificate {
  id: string;
  subject: string;
  issuer: string;
  identifier: { type: string | null; value: string | null; applicationId: string | null };
  holderName: string | null;
  environment: string;
  serialNumber: string;
  sha256Fingerprint: string;
  validity: { notBefore: string; notAfter: string };
  state: string;
  keystore: { fileName: string; host: string; path: string } | null;
  manager: string | null;
  passwordCustodian: string | null;
  keystoreHistory: EvidenceChange[];
  managerHistory: EvidenceChange[];
  custody: {
    custodianChanges: EvidenceChange[];
    passwordChanges: { changedOn: string; custodian: string | null; note: string; recordedAt: string }[];
    /** null: the installation records no attestations yet (see notes). */
    attestations:
      | {
          custodian: string;
          outcome: string;
          failure: string | null;
          checkedAt: string;
          keystoreCertificateFingerprints: string[];
          etkPublicKeyFingerprint: string | null;
        }[]
      | null;
  };
  handovers: {
    id: string;
    from: string;
    to: string;
    outgoingSignerRole: string;
    reason: string;
    state: string;
    openedAt: string;
    completedAt: string | null;
    cancelledAt: string | null;
    /** The canonical JSON both sides signed. */
    document: string;
    signatures: {
      role: string;
      signer: string;
      signedAt: string;
      digestAlgorithm: string;
      signatureAlgorithm: string;
      signatureBase64: string;
      signerCertificateBase64: string;
      signerCertificateSha256: string;
    }[];
  }[];
  reminders: {
    milestone: string;
    createdAt: string;
    recipient: string;
    kind: string;
    state: string;
    sentAt: string | null;
    messageId: string | null;
  }[];
  renewals: {
    id: string;
    state: string;
    openedAt: string;
    stateChangedAt: string;
    renewedCertificateId: string | null;
    usages: string[];
    abandonReason: string | null;
    steps: EvidenceChange[];
  }[];
  revocations: { reason: string; revokedOn: string; note: string; recordedAt: string }[];
}

const iso = (date: Date | null): string | null => (date ? new Date(date).toISOString() : null);
const isoOf = (date: Date): string => new Date(date).toISOString();

const mentions = (event: AuditEventRow, pattern: RegExp): boolean =>
  [event.before, event.after].some(
    (side) => side !== null && Object.keys(side).some((key) => pattern.test(key)),
  );

const change = (event: AuditEventRow): EvidenceChange => ({
  eventId: event.id,
  occurredAt: isoOf(event.occurredAt),
  action: event.action,
  actor: event.actorLabel,
  before: event.before,
  after: event.after,
});

export interface EvidenceHeader {
  packId: string;
  generatedAt: Date;
  generatedBy: string;
  scope: EvidenceDocument['scope'];
  keyFingerprint: string;
}

/** evidence.json's content from the rows read; every history is told by the audit events that recorded it. */
export function evidenceDocument(header: EvidenceHeader, rows: EvidenceRows): EvidenceDocument {
  // Each list grouped once, so a thousand certificates do not each scan twenty thousand events.
  const groups = new Map<unknown[], Map<string | null, unknown[]>>();
  const byCertificate = <T extends { certificateId: string | null }>(list: T[], id: string): T[] => {
    let grouped = groups.get(list);
    if (!grouped) {
      grouped = groupBy<unknown, string | null>(list, (item) => (item as T).certificateId);
      groups.set(list, grouped);
    }
    return (grouped.get(id) ?? []) as T[];
  };
  const eventsOf = (id: string) => byCertificate(rows.events, id);
  const notes: string[] = [];
  if (rows.custodyAttestations === null)
    notes.push(
      'custody attestations: this installation records none yet; custody is shown by the custodian changes and password changes in the audit trail',
    );

  const certificates = rows.certificates.map((c): EvidenceCertificate => {
    const events = eventsOf(c.id);
    return {
      id: c.id,
      subject: c.subject,
      issuer: c.issuer,
      identifier: { type: c.identifierType, value: c.identifierValue, applicationId: c.applicationId },
      holderName: c.holderName,
      environment: c.environment,
      serialNumber: c.serialNumber,
      sha256Fingerprint: c.sha256Fingerprint,
      validity: { notBefore: isoOf(c.notBefore), notAfter: isoOf(c.notAfter) },
      state: c.state,
      keystore:
        c.keystoreFileName === null
          ? null
          : { fileName: c.keystoreFileName, host: c.keystoreHost ?? '', path: c.keystorePath ?? '' },
      manager: c.managerName,
      passwordCustodian: c.passwordCustodianName,
      keystoreHistory: events.filter((e) => mentions(e, /^keystore/i)).map(change),
      managerHistory: events.filter((e) => mentions(e, /^manager/i)).map(change),
      custody: {
        custodianChanges: events.filter((e) => mentions(e, /custodian/i)).map(change),
        passwordChanges: byCertificate(rows.passwordChanges, c.id).map((p) => ({
          changedOn: p.changedOn,
          custodian: p.custodianName,
          note: p.note,
          recordedAt: isoOf(p.recordedAt),
        })),
        attestations:
          rows.custodyAttestations === null
            ? null
            : byCertificate(rows.custodyAttestations, c.id).map((a) => ({
                custodian: a.personName,
                outcome: a.outcome,
                failure: a.failure,
                checkedAt: isoOf(a.checkedAt),
                keystoreCertificateFingerprints: a.keystoreCertificateFingerprints,
                etkPublicKeyFingerprint: a.etkPublicKeyFingerprint,
              })),
      },
      handovers: rows.handovers
        .filter((h) => h.certificateIds.includes(c.id))
        .map((h) => ({
          id: h.id,
          from: h.fromName,
          to: h.toName,
          outgoingSignerRole: h.outgoingSignerRole,
          reason: h.reason,
          state: h.state,
          openedAt: isoOf(h.openedAt),
          completedAt: iso(h.completedAt),
          cancelledAt: iso(h.cancelledAt),
          document: h.document,
          signatures: rows.handoverSignatures
            .filter((s) => s.handoverId === h.id)
            .map((s) => ({
              role: s.role,
              signer: s.signerName,
              signedAt: isoOf(s.signedAt),
              digestAlgorithm: s.digestAlgorithm,
              signatureAlgorithm: s.signatureAlgorithm,
              signatureBase64: s.signature.toString('base64'),
              signerCertificateBase64: s.certificateDer.toString('base64'),
              signerCertificateSha256: s.certificateSha256,
            })),
        })),
      reminders: byCertificate(rows.reminders, c.id).map((r) => ({
        milestone: r.milestone,
        createdAt: isoOf(r.createdAt),
        recipient: r.recipient,
        kind: r.kind,
        state: r.state,
        sentAt: iso(r.sentAt),
        messageId: r.messageId,
      })),
      renewals: byCertificate(rows.renewals, c.id).map((r) => ({
        id: r.id,
        state: r.state,
        openedAt: isoOf(r.openedAt),
        stateChangedAt: isoOf(r.stateChangedAt),
        renewedCertificateId: r.renewedCertificateId,
        usages: r.usages,
        abandonReason: r.abandonReason,
        steps: events
          .filter((e) => e.action.startsWith('renewal.') && (e.after?.['renewalCaseId'] ?? r.id) === r.id)
          .map(change),
      })),
      revocations: byCertificate(rows.revocations, c.id).map((r) => ({
        reason: r.reason,
        revokedOn: r.revokedOn,
        note: r.note,
        recordedAt: isoOf(r.recordedAt),
      })),
    };
  });

  return {
    format: EVIDENCE_DOCUMENT_FORMAT,
    packId: header.packId,
    generatedAt: header.generatedAt.toISOString(),
    generatedBy: header.generatedBy,
    scope: header.scope,
    organisation: rows.organisation,
    signingKey: { algorithm: 'Ed25519', fingerprint: header.keyFingerprint },
    notes,
    certificates,
    auditChains: rows.chainHeads.map((h) => ({
      chain: h.chain,
      head: { eventId: h.lastEventId, hash: h.lastHash },
    })),
    auditEvents: rows.events.map((e) => ({
      id: e.id,
      chain: e.chain,
      certificateId: e.certificateId,
      occurredAt: isoOf(e.occurredAt),
      actor: e.actorLabel,
      action: e.action,
      before: e.before,
      after: e.after,
      signature: e.signature,
      previousHash: e.previousHash,
      hash: e.hash,
    })),
  };
}
