import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { KeystoreReportBodyDto, KeystoreReportResultDto } from '../keystore-report.dto.js';

/** Records where a keystore the card-bridge inspected lives, on the certificates of it the actor may update. */
export class ReportKeystoreCommand extends Command<KeystoreReportResultDto> {
  constructor(
    readonly actor: Actor,
    readonly report: KeystoreReportBodyDto,
  ) {
    super();
  }
}
