import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { DeploymentDto, UpdateDeploymentDto } from '../deployment.dto.js';

export class UpdateDeploymentCommand extends Command<DeploymentDto> {
  constructor(
    readonly actor: Actor,
    readonly deploymentId: string,
    readonly changes: UpdateDeploymentDto,
  ) {
    super();
  }
}
