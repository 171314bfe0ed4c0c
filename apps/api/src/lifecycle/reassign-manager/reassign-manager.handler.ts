import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CertificateLoader } from '../../certificates/certificate-loader.js';
import { CertificateView } from '../../certificates/certificate-view.js';
import type { CertificateDto } from '../../certificates/certificate.dto.js';
import { ManagerAssignment } from './manager-assignment.js';
import { ReassignManagerCommand } from './reassign-manager.command.js';

@CommandHandler(ReassignManagerCommand)
export class ReassignManagerHandler implements ICommandHandler<ReassignManagerCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly certificates: CertificateLoader,
    private readonly assignment: ManagerAssignment,
    private readonly view: CertificateView,
  ) {}

  async execute({ actor, certificateId, input }: ReassignManagerCommand): Promise<CertificateDto> {
    return this.db.transaction(async (manager) => {
      await this.certificates.load(manager, actor, certificateId, 'certificate.reassign-manager', {
        forUpdate: true,
      });
      const [updated] = await this.assignment.reassign(manager, actor, [certificateId], input.managerId, {
        note: input.note?.trim() || null,
      });
      const [dto] = await this.view.load(manager, [updated!]);
      return dto!;
    });
  }
}
