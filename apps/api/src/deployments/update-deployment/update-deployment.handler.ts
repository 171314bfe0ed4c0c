import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DeploymentEntity } from '@certdesk/persistence';
import { AuditTrail } from '../../audit/audit-trail.js';
import { DeploymentLoader } from '../deployment-loader.js';
import { auditedDeployment, type DeploymentDto, toDeploymentDto } from '../deployment.dto.js';
import { UpdateDeploymentCommand } from './update-deployment.command.js';

@CommandHandler(UpdateDeploymentCommand)
export class UpdateDeploymentHandler implements ICommandHandler<UpdateDeploymentCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly deployments: DeploymentLoader,
    private readonly audit: AuditTrail,
  ) {}

  async execute({ actor, deploymentId, changes }: UpdateDeploymentCommand): Promise<DeploymentDto> {
    return this.db.transaction(async (manager) => {
      const { deployment, organisationId } = await this.deployments.loadForUpdate(
        manager,
        actor,
        deploymentId,
        'certificate.update',
      );
      const before = auditedDeployment(deployment);
      const fields = {
        ...(changes.software !== undefined ? { software: changes.software.trim() } : {}),
        ...(changes.integrator !== undefined ? { integrator: changes.integrator?.trim() || null } : {}),
        ...(changes.contactEmail !== undefined
          ? { contactEmail: changes.contactEmail?.trim().toLowerCase() || null }
          : {}),
        ...(changes.notes !== undefined ? { notes: changes.notes } : {}),
      };
      const repository = manager.getRepository(DeploymentEntity);
      if (Object.keys(fields).length) await repository.update({ id: deployment.id }, fields);
      const updated = await repository.findOneByOrFail({ id: deployment.id });
      await this.audit.append(manager, actor, {
        action: 'deployment.updated',
        organisationId,
        certificateId: deployment.certificateId,
        before,
        after: auditedDeployment(updated),
      });
      return toDeploymentDto(updated);
    });
  }
}
