import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CertificateFileError, type ReadResult } from '@certdesk/pki';
import type { Actor } from '../../access/actor.js';
import { type AuditRecord, AuditTrail } from '../../audit/audit-trail.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import type { EventLoopShare } from '../../common/event-loop-share.js';
import { Clock } from '../../core/clock.js';
import {
  keystoreLocationOf,
  keystoreLocations,
  linkCertificatesToKeystore,
  recordKeystore,
} from '../../keystores/keystore-records.js';
import { insertCertificates, type NewCertificate } from './certificate-inserts.js';
import {
  type ClassifiedCertificate,
  classifyCertificates,
  type IdentifierMismatch,
} from './classify-certificates.js';
import type { ImportedCertificateDto, ImportFileResultDto, ImportRefusalCode } from './import.dto.js';
import {
  DEFAULT_READER_LIMITS,
  KeystoreReaderPool,
  TooManyCertificatesError,
} from './keystore-reader-pool.js';
import type { OrganisationIdentity } from './organisation-identity.js';
import { supersedeRenewedCertificates } from './renewal-supersession.js';
import type { UploadedFile } from './uploaded-files.js';

export interface ImportOptions {
  organisationId: string;
  force: boolean;
  host: string | null;
  path: string | null;
  identity: OrganisationIdentity;
  /** Shared by the whole upload: classifying and writing give other requests a turn every few milliseconds. */
  eventLoop: EventLoopShare;
}

/** One file as read in a reader thread: what it holds, or why it is refused before anything is written. */
export type FileReading =
  | { file: UploadedFile; read: ReadResult; refusal?: undefined }
  | { file: UploadedFile; read?: undefined; refusal: { code: ImportRefusalCode; message: string } };

/** A file ready to be written: its certificates classified, none refused. */
export interface ReadyFile {
  file: UploadedFile;
  read: ReadResult;
  certificates: ClassifiedCertificate[];
}

/** A file after `prepare`: its answer already (refused, or nothing to write), or ready to be written. */
export type PreparedFile =
  { answer: ImportFileResultDto; ready?: undefined } | { answer?: undefined; ready: ReadyFile };

/**
 * Imports files (or zip entries) into an organisation's inventory: their certificates, the keystores they are and
 * their entries, the renewals they complete, and an audit event for each change. A refused file writes nothing. Files are read in worker threads (KeystoreReaderPool): the event loop keeps serving meanwhile, and
 * the writes go in batches, a few statements for many files whatever the number of their certificates.
 */
@Injectable()
export class FileImporter implements OnModuleDestroy {
  private readonly reader: KeystoreReaderPool;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {
    this.reader = new KeystoreReaderPool({
      threads: config.upload.readerThreads ?? DEFAULT_READER_LIMITS.threads,
      readTimeoutMs: config.upload.readTimeoutMs,
      maxCertificates: config.upload.maxCertificatesPerFile,
    });
  }

  /**
   * Reads several light files (isLightFile) in one reader task, as `read` would each. A file over the certificate
   * limit throws TooManyCertificatesError, as `read` does.
   */
  async readLight(files: readonly UploadedFile[]): Promise<FileReading[]> {
    const results = await this.reader.readLight(files.map((file) => file.bytes));
    return files.map((file, index) => {
      const result = results[index]!;
      if (result instanceof TooManyCertificatesError)
        throw new TooManyCertificatesError(result.count, result.limit, file.name);
      if (result instanceof CertificateFileError)
        return { file, refusal: { code: result.code, message: result.message } };
      return { file, read: result };
    });
  }

  /** How many files can be read at once: the reader pool's threads. */
  get readerThreads(): number {
    return this.reader.threads;
  }

  async onModuleDestroy(): Promise<void> {
    await this.reader.close();
  }

  /**
   * Reads a file in a reader thread. `password` is in memory for this request only: handed to libs/pki and nowhere
   * else. A file over the certificate limit throws TooManyCertificatesError: the upload is too large as a whole.
   */
  async read(file: UploadedFile, password: string | undefined): Promise<FileReading> {
    if (file.problem) return { file, refusal: file.problem };
    try {
      return { file, read: await this.reader.read(file.bytes, password) };
    } catch (error) {
      if (error instanceof CertificateFileError)
        return { file, refusal: { code: error.code, message: error.message } };
      throw error;
    }
  }

  /**
   * Classifies a file as read: its answer when it is refused or holds nothing to write, or what `writeFiles` writes.
   * Nothing is written here.
   */
  async prepare(reading: FileReading, options: ImportOptions): Promise<PreparedFile> {
    const { file, read } = reading;
    if (!read) return { answer: refused(file, reading.refusal.code, reading.refusal.message) };
    const classification = await classifyCertificates(read, {
      now: this.clock.now(),
      issuerEnvironments: this.config.issuerEnvironments,
      force: options.force,
      identity: options.identity,
      eventLoop: options.eventLoop,
    });
    if (classification.refusal) {
      const { code, message, details } = classification.refusal;
      return { answer: refused(file, code, message, details) };
    }
    const { certificates } = classification;
    if (certificates.length === 0) {
      return {
        answer: {
          name: file.name,
          outcome: 'skipped',
          code: null,
          message:
            'This keystore holds a key waiting for its certificate (the request was sent but not completed): ' +
            'import it again once the request is completed.',
          details: null,
          keystoreId: null,
          certificates: [],
        },
      };
    }
    return { ready: { file, read, certificates } };
  }

  /**
   * Writes several files in one transaction, a few statements for all of them: a commit per file cost more than the
   * rest of the import (issue 12). Every refusal is decided before (prepare), so the files written together all
   * succeed or, on a database failure, none of them does. Answers each file's result, in the order given.
   */
  async writeFiles(actor: Actor, files: ReadyFile[], options: ImportOptions): Promise<ImportFileResultDto[]> {
    if (files.length === 0) return [];
    const now = this.clock.now();
    return this.db.transaction((manager) => this.write(manager, actor, files, options, now));
  }

  private async write(
    manager: EntityManager,
    actor: Actor,
    files: ReadyFile[],
    options: ImportOptions,
    now: Date,
  ): Promise<ImportFileResultDto[]> {
    const results = new Map<ClassifiedCertificate, ImportedCertificateDto>();
    // Oldest first (a stable sort: files in their order for the same certificate), so a file holding a certificate
    // and its renewal, or a renewal in a later file, supersedes in the right order.
    const importable = files
      .flatMap((file) =>
        file.certificates
          .filter((c) => c.skipReason === null)
          .map((classified) => ({
            file,
            classified,
            values: newCertificate(classified, options, actor, now),
          })),
      )
      .sort((a, b) => a.classified.read.notAfter.getTime() - b.classified.read.notAfter.getTime());
    const { ids, inserted } = await insertCertificates(
      manager,
      options.organisationId,
      importable.map(({ values }) => values),
    );
    // A certificate is new once (a PEM, or two files, may hold it twice): the first file that holds it imports it; it
    // is already there for the others, and left as it was.
    const fresh: {
      file: ReadyFile;
      classified: ClassifiedCertificate;
      values: NewCertificate;
      id: string;
    }[] = [];
    const taken = new Set<string>();
    for (const { file, classified, values } of importable) {
      const id = ids.get(values.sha256Fingerprint)!;
      if (inserted.has(values.sha256Fingerprint) && !taken.has(id)) {
        taken.add(id);
        fresh.push({ file, classified, values, id });
      } else results.set(classified, certificateResult(classified, 'already-there', id));
    }

    // A keystore holding an inventory certificate is recorded, new certificate or not: importing it again says where
    // it lives, its encryption and its entries, and it becomes its certificates' keystore.
    const keystoreIds = new Map<ReadyFile, string>();
    const keystoreRecords: AuditRecord[] = [];
    for (const file of files) {
      const held = importable.filter((i) => i.file === file);
      const keystoreRead = file.read.keystore;
      if (held.length === 0 || !keystoreRead) continue;
      const { keystore } = await recordKeystore(manager, {
        organisationId: options.organisationId,
        fileName: file.file.fileName,
        host: options.host,
        path: options.path,
        encryption: keystoreRead.encryption,
        entries: keystoreRead.entries,
      });
      keystoreIds.set(file, keystore.id);
      const changes = await linkCertificatesToKeystore(
        manager,
        keystore.id,
        held.map(({ values }) => ({
          certificateId: ids.get(values.sha256Fingerprint)!,
          hasPrivateKey: values.hasPrivateKey,
          alias: values.alias,
        })),
      );
      // A certificate this file imports says in its own import event which keystore it came in; any other (already
      // there, or imported by another file of the upload) gets an event of its own.
      const importedHere = new Set(fresh.filter((f) => f.file === file).map(({ id }) => id));
      const changed = changes.filter((c) => !importedHere.has(c.certificateId));
      const previous = await keystoreLocations(
        manager,
        changed.map((c) => c.before.keystoreId),
      );
      for (const change of changed) {
        keystoreRecords.push({
          action: 'certificate.keystore-recorded',
          organisationId: options.organisationId,
          certificateId: change.certificateId,
          before: {
            keystore: (change.before.keystoreId && previous.get(change.before.keystoreId)) || null,
            hasPrivateKey: change.before.hasPrivateKey,
            alias: change.before.alias,
          },
          after: {
            file: file.file.name,
            keystore: keystoreLocationOf(keystore),
            encryption: keystore.encryption,
            entries: keystoreRead.entries.length,
            hasPrivateKey: change.after.hasPrivateKey,
            alias: change.after.alias,
          },
        });
      }
    }

    const { supersessions, auditRecords } = await supersedeRenewedCertificates(
      manager,
      fresh.map(({ id, values }) => ({ id, ...values })),
    );
    const records: AuditRecord[] = [];
    for (const { file, classified, values, id } of fresh) {
      records.push({
        action: 'certificate.imported',
        organisationId: options.organisationId,
        certificateId: id,
        after: {
          file: file.file.name,
          sha256Fingerprint: values.sha256Fingerprint,
          subject: values.subject,
          issuer: values.issuer,
          serialNumber: values.serialNumber,
          notBefore: values.notBefore,
          notAfter: values.notAfter,
          identifierType: values.identifierType,
          identifierValue: values.identifierValue,
          applicationId: values.applicationId,
          environment: values.environment,
          keystoreId: keystoreIds.get(file) ?? null,
          alias: values.alias,
          hasPrivateKey: values.hasPrivateKey,
          forced: classified.forced,
        },
      });
      records.push(...auditRecords.get(id)!);
      results.set(classified, {
        ...certificateResult(classified, 'imported', id),
        ...supersessions.get(id)!,
      });
    }
    records.push(...keystoreRecords);
    await this.audit.appendMany(manager, actor, records);

    return files.map((file) => {
      const answers = file.certificates.map((c) => results.get(c) ?? certificateResult(c, 'skipped', null));
      return {
        name: file.file.name,
        outcome: answers.some((a) => a.outcome === 'imported')
          ? 'imported'
          : answers.some((a) => a.outcome === 'already-there')
            ? 'already-there'
            : 'skipped',
        code: null,
        message: null,
        details: null,
        keystoreId: keystoreIds.get(file) ?? null,
        certificates: answers,
      };
    });
  }
}

function newCertificate(
  { description, read: certificate }: ClassifiedCertificate,
  options: ImportOptions,
  actor: Actor,
  now: Date,
): NewCertificate {
  const ehealth = description.ehealth;
  return {
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

function refused(
  file: UploadedFile,
  code: ImportRefusalCode,
  message: string,
  details: IdentifierMismatch | undefined = undefined,
): ImportFileResultDto {
  return {
    name: file.name,
    outcome: 'refused',
    code,
    message,
    details: details ?? null,
    keystoreId: null,
    certificates: [],
  };
}
