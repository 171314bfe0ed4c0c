import { describe, expect, it } from '@jest/globals';
import { evidenceDocument } from './evidence-document.js';
import type { AuditEventRow, CertificateRow, EvidenceRows } from './evidence.repository.js';

const at = (day: number) => new Date(Date.UTC(2026, 0, day));

const certificate = (id: string): CertificateRow => ({
  id,
  subject: `CN=CBE=0566988259, ${id}`,
  issuer: 'CN=ZetesConfidens Private Trust PKI - eHealth issuing CA 001',
  serialNumber: '0a1b',
  sha256Fingerprint: 'ab'.repeat(32),
  notBefore: at(1),
  notAfter: at(300),
  identifierType: 'CBE',
  identifierValue: '0566988259',
  applicationId: id.toUpperCase(),
  holderName: 'AMBULANCES',
  environment: 'production',
  state: 'active',
  revokedAt: null,
  revocationReason: null,
  keystoreFileName: null,
  keystoreHost: null,
  keystorePath: null,
  managerName: 'Marie',
  passwordCustodianName: null,
});

let eventId = 0;
const event = (
  certificateId: string,
  action: string,
  before: object | null,
  after: object | null,
): AuditEventRow => ({
  id: String(++eventId),
  chain: 'org',
  certificateId,
  actorLabel: 'Anne <anne@example.org>',
  occurredAt: at(eventId),
  action,
  before: before as Record<string, unknown> | null,
  after: after as Record<string, unknown> | null,
  signature: null,
  previousHash: String(eventId - 1).padStart(64, '0'),
  hash: String(eventId).padStart(64, '0'),
});

function rows(overrides: Partial<EvidenceRows>): EvidenceRows {
  return {
    organisation: { id: 'org', name: 'Ambulances' },
    certificates: [certificate('a'), certificate('b')],
    handovers: [],
    handoverSignatures: [],
    reminders: [],
    renewals: [],
    revocations: [],
    passwordChanges: [],
    custodyAttestations: [],
    events: [],
    chainHeads: [{ chain: 'org', lastEventId: '99', lastHash: 'f'.repeat(64) }],
    ...overrides,
  };
}

const header = {
  packId: 'pack',
  generatedAt: at(400),
  generatedBy: 'Anne <anne@example.org>',
  scope: { kind: 'organisation' as const, id: 'org' },
  keyFingerprint: 'c'.repeat(64),
};

describe('evidenceDocument', () => {
  it("tells each certificate's keystore, manager and custodian history by the events that changed them", () => {
    const events = [
      event('a', 'certificate.keystore-recorded', { keystore: null }, { keystore: { host: 'PC-1' } }),
      event(
        'a',
        'certificate.manager-reassigned',
        { managerId: 'm1' },
        { managerId: 'm2', managerName: 'Jan' },
      ),
      event('a', 'certificate.updated', { passwordCustodianId: null }, { passwordCustodianId: 'p1' }),
      event('b', 'certificate.updated', { keystoreId: 'k1' }, { keystoreId: 'k2' }),
      event('a', 'certificate.updated', { notes: '' }, { notes: 'in the safe' }),
    ];
    const document = evidenceDocument(header, rows({ events }));
    const [a, b] = document.certificates;
    expect(a!.keystoreHistory.map((c) => c.eventId)).toEqual([events[0]!.id]);
    expect(a!.managerHistory.map((c) => c.eventId)).toEqual([events[1]!.id]);
    expect(a!.custody.custodianChanges.map((c) => c.eventId)).toEqual([events[2]!.id]);
    expect(b!.keystoreHistory.map((c) => c.eventId)).toEqual([events[3]!.id]);
    expect(b!.managerHistory).toEqual([]);
    // Every event stays in the chain list, with its hashes, whether or not a history names it.
    expect(document.auditEvents.map((e) => [e.id, e.hash, e.previousHash])).toEqual(
      events.map((e) => [e.id, e.hash, e.previousHash]),
    );
    expect(document.auditChains).toEqual([{ chain: 'org', head: { eventId: '99', hash: 'f'.repeat(64) } }]);
  });

  it("gives each renewal case its own steps, and each delivery's Message-ID", () => {
    const events = [
      event('a', 'renewal.started', null, { renewalCaseId: 'r1', state: 'phase1-sent' }),
      event('a', 'renewal.abandoned', null, { renewalCaseId: 'r1', state: 'abandoned' }),
      event('a', 'renewal.started', null, { renewalCaseId: 'r2', state: 'phase1-sent' }),
    ];
    const renewal = (id: string, state: string) => ({
      id,
      certificateId: 'a',
      state,
      openedAt: at(10),
      stateChangedAt: at(11),
      renewedCertificateId: null,
      usages: [],
      abandonReason: null,
    });
    const document = evidenceDocument(
      header,
      rows({
        events,
        renewals: [renewal('r1', 'abandoned'), renewal('r2', 'phase1-sent')],
        reminders: [
          {
            certificateId: 'a',
            milestone: '60',
            createdAt: at(5),
            recipient: 'info@example.org',
            kind: 'digest',
            state: 'sent',
            sentAt: at(5),
            messageId: '<1@certdesk>',
          },
        ],
      }),
    );
    const [a, b] = document.certificates;
    expect(a!.renewals.map((r) => r.steps.map((s) => s.action))).toEqual([
      ['renewal.started', 'renewal.abandoned'],
      ['renewal.started'],
    ]);
    expect(a!.reminders).toEqual([expect.objectContaining({ messageId: '<1@certdesk>', state: 'sent' })]);
    expect(b!.reminders).toEqual([]);
  });

  it('says so when the installation records no custody attestations', () => {
    const without = evidenceDocument(header, rows({ custodyAttestations: null }));
    expect(without.certificates[0]!.custody.attestations).toBeNull();
    expect(without.notes).toEqual([
      expect.stringMatching(/^custody attestations: this installation records none/),
    ]);
    expect(evidenceDocument(header, rows({})).notes).toEqual([]);
  });
});
