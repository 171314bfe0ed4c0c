import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { OrganisationDto, UpdateOrganisationDto } from '../organisations.dto.js';

export class UpdateOrganisationCommand extends Command<OrganisationDto> {
  constructor(
    readonly actor: Actor,
    readonly organisationId: string,
    readonly changes: UpdateOrganisationDto,
  ) {
    super();
  }
}
