import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Actor, actorLabel } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { SsinMasker } from '../access/ssin-masking.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { NotFoundError, UnprocessableError } from '../common/errors.js';
import { Clock } from '../core/clock.js';
import { Transactions } from '../core/transactions.js';
import { evidenceDocument } from './evidence-document.js';
import { EvidencePackBuilder } from './evidence-pack-builder.js';
import { EVIDENCE_LABELS, type EvidenceLanguage } from './evidence-report-labels.js';
import { EvidenceRepository, type EvidenceSize } from './evidence.repository.js';
import { EvidenceSigningKeys } from './evidence-signing-keys.js';

/**
 * What one pack may hold. Everything is built in memory (a PDF cannot be streamed page by page with pdf-lib, and the
 * signature covers the whole file), so a bigger scope is refused up front, before anything is read.
 */
export const EVIDENCE_LIMITS: EvidenceSize = { certificates: 1_000, events: 20_000 };

export interface EvidencePack {
  fileName: string;
  bytes: Uint8Array;
}

export class MakeEvidencePackCommand extends Command<EvidencePack> {
  constructor(
    readonly actor: Actor,
    readonly scope: { kind: 'certificate' | 'organisation'; id: string },
    readonly language: EvidenceLanguage,
  ) {
    super();
  }
}

/**
 * An evidence pack for a certificate or an organisation (docs/evidence.md): read in one repeatable-read snapshot,
 * so the JSON, the PDF and the chain heads tell the same moment; signed with the installation's key; and audited
 * ("evidence.pack-made", with the pack's id and its files' digests) once made.
 */
@CommandHandler(MakeEvidencePackCommand)
export class MakeEvidencePackHandler implements ICommandHandler<MakeEvidencePackCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: EvidenceRepository,
    private readonly access: AccessPolicy,
    private readonly keys: EvidenceSigningKeys,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly builder: EvidencePackBuilder,
  ) {}

  async execute({ actor, scope, language }: MakeEvidencePackCommand): Promise<EvidencePack> {
    const manager = this.transactions.manager;
    const certificateId = scope.kind === 'certificate' ? scope.id : null;
    const organisationId =
      scope.kind === 'certificate'
        ? await this.repository.certificateOrganisation(manager, scope.id)
        : ((await this.repository.organisation(manager, scope.id))?.id ?? null);
    if (organisationId === null) throw new NotFoundError(scope.kind);
    this.access.require(
      actor,
      scope.kind === 'certificate' ? 'evidence.certificate' : 'evidence.organisation',
      organisationId,
      scope.kind,
    );

    const size = await this.repository.size(manager, organisationId, certificateId, EVIDENCE_LIMITS);
    if (size.certificates > EVIDENCE_LIMITS.certificates || size.events > EVIDENCE_LIMITS.events)
      throw new UnprocessableError(
        'EVIDENCE_TOO_LARGE',
        `an evidence pack holds at most ${EVIDENCE_LIMITS.certificates} certificates and ${EVIDENCE_LIMITS.events} ` +
          `audit events; this ${scope.kind} has more` +
          (scope.kind === 'organisation' ? ': ask for a pack per certificate instead' : ''),
        { limits: EVIDENCE_LIMITS },
      );

    const key = await this.keys.key();
    const rows = await this.transactions.readSnapshot((snapshot) =>
      this.repository.rows(snapshot, organisationId, certificateId),
    );
    const packId = randomUUID();
    const generatedAt = this.clock.now();
    // SSINs are masked as in every other answer (the eID signer certificates stay whole: they prove the signatures).
    const document = new SsinMasker(actor).mask(
      evidenceDocument(
        { packId, generatedAt, generatedBy: actorLabel(actor), scope, keyFingerprint: key.fingerprint },
        rows,
      ),
    );
    const json = Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
    const bytes = await this.builder.build({
      json,
      labels: EVIDENCE_LABELS[language],
      packId,
      scope,
      generatedAt: generatedAt.toISOString(),
      privateKey: key.privateKey,
    });

    await this.transactions.run((tx) =>
      this.audit.append(
        tx,
        actor,
        {
          action: 'evidence.pack-made',
          organisationId,
          certificateId,
          after: {
            packId,
            scope: scope.kind,
            language,
            keyFingerprint: key.fingerprint,
            certificates: rows.certificates.length,
            auditEvents: rows.events.length,
            chainHeads: document.auditChains,
          },
        },
        generatedAt,
      ),
    );
    const day = generatedAt.toISOString().slice(0, 10);
    return { fileName: `evidence-${scope.kind}-${scope.id}-${day}.zip`, bytes };
  }
}
