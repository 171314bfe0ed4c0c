import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { CreateDeploymentDto, DeploymentDto } from '../deployment.dto.js';

/** Records a place the certificate is installed (a software, its integrator, whom to tell on renewal). */
export class AddDeploymentCommand extends Command<DeploymentDto> {
  constructor(
    readonly actor: Actor,
    readonly certificateId: string,
    readonly input: CreateDeploymentDto,
  ) {
    super();
  }
}
