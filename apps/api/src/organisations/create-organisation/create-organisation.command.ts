import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { CreateOrganisationDto, OrganisationDto } from '../organisations.dto.js';

export class CreateOrganisationCommand extends Command<OrganisationDto> {
  constructor(
    readonly actor: Actor,
    readonly input: CreateOrganisationDto,
  ) {
    super();
  }
}
