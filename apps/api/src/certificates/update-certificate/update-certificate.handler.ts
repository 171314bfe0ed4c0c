import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CertificateLoader } from '../certificate-loader.js';
import type { CertificateDto } from '../certificate.dto.js';
import { CertificateUpdater } from './certificate-updater.js';
import { UpdateCertificateCommand } from './update-certificate.command.js';

@CommandHandler(UpdateCertificateCommand)
export class UpdateCertificateHandler implements ICommandHandler<UpdateCertificateCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly certificates: CertificateLoader,
    private readonly updater: CertificateUpdater,
  ) {}

  async execute({ actor, certificateId, changes }: UpdateCertificateCommand): Promise<CertificateDto> {
    return this.db.transaction(async (manager) => {
      const certificate = await this.certificates.load(manager, actor, certificateId, 'certificate.update', {
        forUpdate: true,
      });
      return this.updater.apply(manager, actor, certificate, changes);
    });
  }
}
