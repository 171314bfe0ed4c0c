import { HttpException, HttpStatus } from '@nestjs/common';
import { Command, CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { NotFoundError } from '../common/errors.js';
import type { EtkDirectoryDto, EtkDiscoveryResultDto } from './etk-directory.dto.js';
import { EtkDiscovery, EtkDiscoveryFailure } from './etk-discovery.service.js';
import { ListEtksQuery } from './list-etks.query.js';

export class DiscoverEtksCommand extends Command<EtkDiscoveryResultDto> {
  constructor(
    readonly actor: Actor,
    readonly organisationId: string,
  ) {
    super();
  }
}

/** What each failure answers: the depot off is the installation's state; the others a gateway's failure. */
const FAILURE_STATUS: Record<EtkDiscoveryFailure['code'], HttpStatus> = {
  DEPOT_DISABLED: HttpStatus.CONFLICT,
  DEPOT_UNREACHABLE: HttpStatus.SERVICE_UNAVAILABLE,
  RATE_LIMIT_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  DEPOT_ERROR: HttpStatus.BAD_GATEWAY,
};

/** POST /organisations/:id/etk-discovery: asks the directory now (organisation and central administrators). */
@CommandHandler(DiscoverEtksCommand)
export class DiscoverEtksHandler implements ICommandHandler<DiscoverEtksCommand> {
  constructor(
    private readonly access: AccessPolicy,
    private readonly discovery: EtkDiscovery,
    private readonly queries: QueryBus,
  ) {}

  async execute({ actor, organisationId }: DiscoverEtksCommand): Promise<EtkDiscoveryResultDto> {
    this.access.require(actor, 'etk.discover', organisationId, 'organisation');
    let summary;
    try {
      summary = await this.discovery.discover(organisationId, 'manual', actor);
    } catch (error) {
      if (!(error instanceof EtkDiscoveryFailure)) throw error;
      const status = FAILURE_STATUS[error.code];
      throw new HttpException({ statusCode: status, code: error.code, message: error.message }, status);
    }
    if (!summary) throw new NotFoundError('organisation');
    const directory: EtkDirectoryDto = await this.queries.execute(
      new ListEtksQuery(actor, organisationId, { includeWithdrawn: false }),
    );
    return { ...directory, summary };
  }
}
