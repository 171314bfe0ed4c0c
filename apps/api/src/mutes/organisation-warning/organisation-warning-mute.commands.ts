import { Command } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import type { MuteDto, MuteInputDto } from '../mutes.dto.js';

/**
 * Mute one warning code of an organisation (NO_GENERIC_CONTACT, or every MANAGER_LEFT of its certificates, ...) with
 * a reason, until an end date. It lapses by its end date or an unmute: there is no certificate to renew or revoke.
 */
export class MuteOrganisationWarningCommand extends Command<MuteDto> {
  constructor(
    readonly actor: Actor,
    readonly organisationId: string,
    readonly warningCode: string,
    readonly input: MuteInputDto,
    readonly options: { manager?: EntityManager } = {},
  ) {
    super();
  }
}

export class UnmuteOrganisationWarningCommand extends Command<void> {
  constructor(
    readonly actor: Actor,
    readonly organisationId: string,
    readonly warningCode: string,
    readonly options: { manager?: EntityManager } = {},
  ) {
    super();
  }
}
