import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';

/** The certificate is no longer installed there. */
export class RemoveDeploymentCommand extends Command<void> {
  constructor(
    readonly actor: Actor,
    readonly deploymentId: string,
  ) {
    super();
  }
}
