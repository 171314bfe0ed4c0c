import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { CertificateLoader } from '../certificates/certificate-loader.js';
import { CertificateView } from '../certificates/certificate-view.js';
import type { CertificateDto } from '../certificates/certificate.dto.js';
import { CertificateLabelling, requireLabel } from './certificate-labelling.js';

/** Puts a label on one certificate (`add`) or takes it off; either way the certificate as it now is. */
export class LabelCertificateCommand extends Command<CertificateDto> {
  constructor(
    readonly actor: Actor,
    readonly certificateId: string,
    readonly change: 'add' | 'remove',
    readonly label: unknown,
  ) {
    super();
  }
}

@CommandHandler(LabelCertificateCommand)
export class LabelCertificateHandler implements ICommandHandler<LabelCertificateCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly certificates: CertificateLoader,
    private readonly labelling: CertificateLabelling,
    private readonly view: CertificateView,
  ) {}

  async execute({ actor, certificateId, change, label }: LabelCertificateCommand): Promise<CertificateDto> {
    return this.db.transaction(async (manager) => {
      const certificate = await this.certificates.load(manager, actor, certificateId, 'certificate.update', {
        forUpdate: true,
      });
      const parsed = requireLabel(label);
      if (change === 'add') await this.labelling.add(manager, actor, [certificate], parsed);
      else await this.labelling.remove(manager, actor, [certificate], parsed);
      const [dto] = await this.view.load(manager, [certificate]);
      return dto!;
    });
  }
}
