import { BadRequestException, Inject, PayloadTooLargeException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { OrganisationEntity } from '@certdesk/persistence';
import { AccessPolicy } from '../../access/access-policy.js';
import { NotFoundError, UnprocessableError } from '../../common/errors.js';
import { EventLoopShare } from '../../common/event-loop-share.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { FileImporter, type FileReading, type PreparedFile, type ReadyFile } from './file-importer.js';
import { writeBatches } from './write-batches.js';
import { inOrderWithWindow } from './in-order-with-window.js';
import { ImportCertificatesCommand } from './import-certificates.command.js';
import type { ImportFileResultDto, ImportResultDto } from './import.dto.js';
import { OrganisationIdentity } from './organisation-identity.js';
import { isLightFile, LIGHT_FILES_PER_TASK, TooManyCertificatesError } from './keystore-reader-pool.js';
import { type ReadingUnit, readingUnits } from './reading-units.js';
import { expandUploads, isZip, type UploadedFile } from './uploaded-files.js';

/** Certificates written per transaction by an upload of many files. */
const WRITE_BATCH_CERTIFICATES = 1000;

@CommandHandler(ImportCertificatesCommand)
export class ImportCertificatesHandler implements ICommandHandler<ImportCertificatesCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessPolicy,
    private readonly importer: FileImporter,
  ) {}

  async execute({ actor, input, uploads }: ImportCertificatesCommand): Promise<ImportResultDto> {
    const { organisationId } = input;
    this.access.require(actor, 'certificate.import', organisationId, 'organisation');
    if (!(await this.db.getRepository(OrganisationEntity).existsBy({ id: organisationId })))
      throw new NotFoundError('organisation');
    if (uploads.length === 0) {
      throw new BadRequestException({
        statusCode: 400,
        code: 'FILES_REQUIRED',
        message: 'send one or more files in the multipart field "files"',
      });
    }
    // One plain file answers with its error; several files, or a zip, answer with each file's outcome.
    const single = uploads.length === 1 && !isZip(uploads[0]!.bytes);
    const files = await expandUploads(uploads, this.config.upload);
    // Every file is read before any is written: one over the certificate limit refuses the upload as a whole. As
    // many reader tasks at once as there are reader threads, so a zip of keystores is read by every CPU; never more, so
    // that another upload's next file waits for one task of this one, not for all of them (the pool's queue is FIFO).
    // Small PEM and DER files go several to a task: a thread round trip per file cost more than reading it.
    const units = readingUnits(
      files,
      (file) => !file.problem && isLightFile(file.bytes),
      LIGHT_FILES_PER_TASK,
    );
    const readings: FileReading[] = (
      await inOrderWithWindow(units, this.importer.readerThreads, (unit) =>
        this.readWithinLimits(unit, input.password),
      )
    ).flat();
    const identity = await OrganisationIdentity.load(this.db.manager, organisationId);
    const options = {
      organisationId,
      force: input.force ?? false,
      host: input.host ?? null,
      path: input.path ?? null,
      identity,
      eventLoop: new EventLoopShare(),
    };
    const prepared: PreparedFile[] = [];
    for (const reading of readings) prepared.push(await this.importer.prepare(reading, options));
    // The files' writes go together, a transaction per batch of about WRITE_BATCH_CERTIFICATES certificates: short
    // enough that the organisation's audit chain (locked until each commit) is not held for a whole large upload.
    const written = new Map<ReadyFile, ImportFileResultDto>();
    for (const batch of writeBatches(prepared, WRITE_BATCH_CERTIFICATES)) {
      const answers = await this.importer.writeFiles(actor, batch, options);
      batch.forEach((file, index) => written.set(file, answers[index]!));
    }
    const results = prepared.map((p) => p.answer ?? written.get(p.ready)!);
    const [only] = results;
    if (single && only?.outcome === 'refused')
      throw new UnprocessableError(only.code!, only.message!, only.details ? { ...only.details } : undefined);
    const count = (outcome: ImportFileResultDto['outcome']) =>
      results.filter((r) => r.outcome === outcome).length;
    return {
      files: results,
      summary: {
        imported: count('imported'),
        alreadyThere: count('already-there'),
        skipped: count('skipped'),
        refused: count('refused'),
      },
    };
  }

  private async readWithinLimits(
    unit: ReadingUnit<UploadedFile>,
    password: string | undefined,
  ): Promise<FileReading[]> {
    try {
      return unit.light
        ? await this.importer.readLight(unit.light)
        : [await this.importer.read(unit.alone, password)];
    } catch (error) {
      if (!(error instanceof TooManyCertificatesError)) throw error;
      const name = JSON.stringify(error.fileName ?? unit.alone?.name);
      throw new PayloadTooLargeException({
        statusCode: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message:
          `a file may hold at most ${error.limit} certificates (UPLOAD_MAX_CERTIFICATES_PER_FILE); ` +
          `${name} holds ${error.count}. Nothing was imported.`,
      });
    }
  }
}
