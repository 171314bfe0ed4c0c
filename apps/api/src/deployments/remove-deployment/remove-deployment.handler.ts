import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DeploymentEntity } from '@certdesk/persistence';
import { AuditTrail } from '../../audit/audit-trail.js';
import { DeploymentLoader } from '../deployment-loader.js';
import { auditedDeployment } from '../deployment.dto.js';
import { RemoveDeploymentCommand } from './remove-deployment.command.js';

@CommandHandler(RemoveDeploymentCommand)
export class RemoveDeploymentHandler implements ICommandHandler<RemoveDeploymentCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly deployments: DeploymentLoader,
    private readonly audit: AuditTrail,
  ) {}

  async execute({ actor, deploymentId }: RemoveDeploymentCommand): Promise<void> {
    await this.db.transaction(async (manager) => {
      const { deployment, organisationId } = await this.deployments.loadForUpdate(
        manager,
        actor,
        deploymentId,
        'certificate.update',
      );
      await manager.getRepository(DeploymentEntity).delete({ id: deployment.id });
      await this.audit.append(manager, actor, {
        action: 'deployment.removed',
        organisationId,
        certificateId: deployment.certificateId,
        before: auditedDeployment(deployment),
      });
    });
  }
}
