import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CertificateEntity } from '@certdesk/persistence';
import { CertificateFileError, type ReadResult } from '@certdesk/pki';
import type { Actor } from '../../access/actor.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../core/clock.js';
import { recordKeystore } from '../../keystores/keystore-records.js';
import { type ClassifiedCertificate, classifyCertificates } from './classify-certificates.js';
import type { ImportedCertificateDto, ImportFileResultDto, ImportRefusalCode } from './import.dto.js';
import { KeystoreReaderPool } from './keystore-reader-pool.js';
import type { OrganisationIdentity } from './organisation-identity.js';
import { applyRenewalSupersession } from './renewal-supersession.js';
import type { UploadedFile } from './uploaded-files.js';

export interface ImportOptions {
  organisationId: string;
  /** In memory for this request only: handed to libs/pki and nowhere else. */
  password: string | undefined;
  force: boolean;
  host: string | null;
  path: string | null;
  identity: OrganisationIdentity;
}

/**
 * Imports one file (or zip entry) into an organisation's inventory, in one transaction: its certificates, the
 * keystore it is and its entries, the renewals it completes, and an audit event for each change. A refused file
 * writes nothing. Files are read in worker threads (KeystoreReaderPool): the event loop keeps serving meanwhile.
 */
@Injectable()
export class FileImporter implements OnModuleDestroy {
  private readonly reader = new KeystoreReaderPool();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.reader.close();
  }

  async importFile(actor: Actor, file: UploadedFile, options: ImportOptions): Promise<ImportFileResultDto> {
    if (file.problem) return refused(file, file.problem.code, file.problem.message);
    let read: ReadResult;
    try {
      read = await this.reader.read(file.bytes, options.password);
    } catch (error) {
      if (error instanceof CertificateFileError) return refused(file, error.code, error.message);
      throw error;
    }
    const now = this.clock.now();
    const classification = classifyCertificates(read, {
      now,
      issuerEnvironments: this.config.issuerEnvironments,
      force: options.force,
      identity: options.identity,
    });
    if (classification.refusal)
      return refused(file, classification.refusal.code, classification.refusal.message);
    const { certificates } = classification;
    if (certificates.length === 0) {
      return {
        name: file.name,
        outcome: 'skipped',
        code: null,
        message:
          'This keystore holds a key waiting for its certificate (the request was sent but not completed): ' +
          'import it again once the request is completed.',
        keystoreId: null,
        certificates: [],
      };
    }
    return this.db.transaction((manager) =>
      this.write(manager, actor, file, read, certificates, options, now),
    );
  }

  private async write(
    manager: EntityManager,
    actor: Actor,
    file: UploadedFile,
    read: ReadResult,
    certificates: ClassifiedCertificate[],
    options: ImportOptions,
    now: Date,
  ): Promise<ImportFileResultDto> {
    const repository = manager.getRepository(CertificateEntity);
    const results = new Map<ClassifiedCertificate, ImportedCertificateDto>();
    const inserted: { classified: ClassifiedCertificate; row: CertificateEntity }[] = [];
    // Oldest first, so a file holding a certificate and its renewal supersedes in the right order.
    const importable = certificates
      .filter((c) => c.skipReason === null)
      .sort((a, b) => a.read.notAfter.getTime() - b.read.notAfter.getTime());
    for (const classified of importable) {
      const { description, read: certificate } = classified;
      const ehealth = description.ehealth;
      const values = {
        organisationId: options.organisationId,
        sha256Fingerprint: description.sha256Fingerprint,
        subject: description.subject,
        issuer: description.issuer,
        serialNumber: description.serialNumber,
        notBefore: certificate.notBefore,
        notAfter: certificate.notAfter,
        keyAlgorithm: description.keyAlgorithm,
        keyUsages: certificate.keyUsages,
        der: Buffer.from(certificate.der),
        identifierType: ehealth?.identifierType ?? null,
        identifierValue: ehealth?.identifierValue ?? null,
        applicationId: ehealth?.applicationId ?? null,
        holderName: ehealth?.holderName ?? null,
        environment: ehealth?.environment ?? 'unknown',
        knownType: ehealth?.knownType ?? null,
        checkDigitsValid: ehealth?.checkDigitsValid ?? null,
        hasPrivateKey: certificate.hasPrivateKey,
        alias: certificate.alias,
        importedAt: now,
        importedById: actor.userId,
      };
      // Idempotent: the same certificate (SHA-256) in the same organisation is left exactly as it is.
      const insert = await manager
        .createQueryBuilder()
        .insert()
        .into(CertificateEntity)
        .values(values as never)
        .orIgnore()
        .returning(['id'])
        .execute();
      const insertedId = (insert.raw as { id: string }[])[0]?.id;
      if (insertedId) {
        inserted.push({ classified, row: await repository.findOneByOrFail({ id: insertedId }) });
      } else {
        const existing = await repository.findOneOrFail({
          where: { organisationId: options.organisationId, sha256Fingerprint: description.sha256Fingerprint },
          select: { id: true },
        });
        results.set(classified, certificateResult(classified, 'already-there', existing.id));
      }
    }

    let keystoreId: string | null = null;
    if (inserted.length > 0 && read.keystore) {
      const { keystore } = await recordKeystore(manager, {
        organisationId: options.organisationId,
        fileName: file.fileName,
        host: options.host,
        path: options.path,
        encryption: read.keystore.encryption,
        entries: read.keystore.entries,
      });
      keystoreId = keystore.id;
      for (const { row } of inserted) row.keystoreId = keystore.id;
      await repository.update(
        inserted.map(({ row }) => row.id),
        { keystoreId: keystore.id },
      );
    }

    for (const { classified, row } of inserted) {
      await this.audit.append(manager, actor, {
        action: 'certificate.imported',
        organisationId: options.organisationId,
        certificateId: row.id,
        after: {
          file: file.name,
          sha256Fingerprint: row.sha256Fingerprint,
          subject: row.subject,
          issuer: row.issuer,
          serialNumber: row.serialNumber,
          notBefore: row.notBefore,
          notAfter: row.notAfter,
          identifierType: row.identifierType,
          identifierValue: row.identifierValue,
          applicationId: row.applicationId,
          environment: row.environment,
          keystoreId: row.keystoreId,
          alias: row.alias,
          hasPrivateKey: row.hasPrivateKey,
          forced: classified.forced,
        },
      });
      const supersession = await applyRenewalSupersession(manager, this.audit, actor, row);
      results.set(classified, {
        ...certificateResult(classified, 'imported', row.id),
        supersedes: supersession.supersedes,
        supersededById: supersession.supersededById,
      });
    }

    const answers = certificates.map((c) => results.get(c) ?? certificateResult(c, 'skipped', null));
    return {
      name: file.name,
      outcome: answers.some((a) => a.outcome === 'imported')
        ? 'imported'
        : answers.some((a) => a.outcome === 'already-there')
          ? 'already-there'
          : 'skipped',
      code: null,
      message: null,
      keystoreId,
      certificates: answers,
    };
  }
}

function certificateResult(
  classified: ClassifiedCertificate,
  outcome: ImportedCertificateDto['outcome'],
  certificateId: string | null,
): ImportedCertificateDto {
  return {
    outcome,
    certificateId,
    sha256Fingerprint: classified.description.sha256Fingerprint,
    subject: classified.description.subject,
    notAfter: classified.description.notAfter,
    skipReason: outcome === 'skipped' ? classified.skipReason : null,
    forced: outcome === 'imported' ? classified.forced : [],
    supersedes: [],
    supersededById: null,
  };
}

function refused(file: UploadedFile, code: ImportRefusalCode, message: string): ImportFileResultDto {
  return { name: file.name, outcome: 'refused', code, message, keystoreId: null, certificates: [] };
}
