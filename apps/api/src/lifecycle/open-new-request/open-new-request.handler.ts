import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { OrganisationEntity } from '@certdesk/persistence';
import { APPLICATION_ID_PATTERN, toEhealthUpperCase } from '@certdesk/domain';
import { AccessPolicy } from '../../access/access-policy.js';
import { NotFoundError, UnprocessableError } from '../../common/errors.js';
import { Clock } from '../../core/clock.js';
import { checkOrganisationIdentifier } from '../../organisations/identifier-input.js';
import type { NewRequestDto } from '../lifecycle.dto.js';
import { NewRequestView } from '../lifecycle-views.js';
import { NewRequestOpener } from './new-request-opener.js';
import { OpenNewRequestCommand } from './open-new-request.command.js';

/** An application ID as it will read in the subject: upper case, diacritics removed (libs/domain). */
function checkedApplicationId(input: string | undefined): string | null {
  if (input === undefined || input.trim() === '') return null;
  const applicationId = toEhealthUpperCase(input.trim());
  if (!APPLICATION_ID_PATTERN.test(applicationId)) {
    throw new UnprocessableError(
      'INVALID_APPLICATION_ID',
      'applicationId: 1 to 30 letters, digits, "_" or "-" (as the eHealth tool accepts it).',
    );
  }
  return applicationId;
}

@CommandHandler(OpenNewRequestCommand)
export class OpenNewRequestHandler implements ICommandHandler<OpenNewRequestCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly opener: NewRequestOpener,
    private readonly clock: Clock,
    private readonly view: NewRequestView,
  ) {}

  async execute({ actor, input }: OpenNewRequestCommand): Promise<NewRequestDto> {
    this.access.require(actor, 'certificate.lifecycle', input.organisationId, 'organisation');
    const identifier = checkOrganisationIdentifier({
      type: input.identifierType,
      value: input.identifierValue,
    });
    const applicationId = checkedApplicationId(input.applicationId);
    return this.db.transaction(async (manager) => {
      // Central administrators pass the policy for any id: the organisation must still exist.
      if (!(await manager.getRepository(OrganisationEntity).existsBy({ id: input.organisationId })))
        throw new NotFoundError('organisation');
      const request = await this.opener.open(
        manager,
        actor,
        {
          organisationId: input.organisationId,
          identifierType: identifier.type,
          identifierValue: identifier.value,
          applicationId,
          replacesCertificateId: null,
          note: input.note?.trim() || null,
        },
        this.clock.now(),
      );
      return this.view.loadOne(manager, request);
    });
  }
}
