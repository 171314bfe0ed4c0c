import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { ImportCertificatesBodyDto, ImportResultDto } from './import.dto.js';

/** Imports uploaded certificate and keystore files (and zips of them) into an organisation's inventory. */
export class ImportCertificatesCommand extends Command<ImportResultDto> {
  constructor(
    readonly actor: Actor,
    /** Holds the keystore password: never logged, stored or put in an answer. */
    readonly input: ImportCertificatesBodyDto,
    readonly uploads: { name: string; bytes: Buffer }[],
  ) {
    super();
  }
}
