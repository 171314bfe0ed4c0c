import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DeploymentEntity } from '@certdesk/persistence';
import { AuditTrail } from '../../audit/audit-trail.js';
import { CertificateLoader } from '../../certificates/certificate-loader.js';
import { auditedDeployment, type DeploymentDto, toDeploymentDto } from '../deployment.dto.js';
import { AddDeploymentCommand } from './add-deployment.command.js';

@CommandHandler(AddDeploymentCommand)
export class AddDeploymentHandler implements ICommandHandler<AddDeploymentCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly certificates: CertificateLoader,
    private readonly audit: AuditTrail,
  ) {}

  async execute({ actor, certificateId, input }: AddDeploymentCommand): Promise<DeploymentDto> {
    return this.db.transaction(async (manager) => {
      const certificate = await this.certificates.load(manager, actor, certificateId, 'certificate.update');
      const repository = manager.getRepository(DeploymentEntity);
      const deployment = await repository.save(
        repository.create({
          certificateId: certificate.id,
          software: input.software.trim(),
          integrator: input.integrator?.trim() || null,
          contactEmail: input.contactEmail?.trim().toLowerCase() || null,
          notes: input.notes ?? '',
        }),
      );
      await this.audit.append(manager, actor, {
        action: 'deployment.added',
        organisationId: certificate.organisationId,
        certificateId: certificate.id,
        after: auditedDeployment(deployment),
      });
      return toDeploymentDto(deployment);
    });
  }
}
