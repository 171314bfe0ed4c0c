import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { OrganisationEntity } from '@certdesk/persistence';
import {
  APPLICATION_ID_PATTERN,
  brusselsDate,
  certificateStatus,
  RENEWAL_WINDOW_DAYS,
  toEhealthUpperCase,
} from '@certdesk/domain';
import type { Actor } from '../../access/actor.js';
import { AccessPolicy } from '../../access/access-policy.js';
import { CertificateLoader } from '../../certificates/certificate-loader.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../../common/errors.js';
import { Clock } from '../../core/clock.js';
import { Transactions } from '../../core/transactions.js';
import { checkOrganisationIdentifier } from '../../organisations/identifier-input.js';
import type { NewRequestDto } from '../lifecycle.dto.js';
import { NewRequestView } from '../lifecycle-views.js';
import { NewRequestsRepository } from '../new-requests.repository.js';
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

interface RequestedIdentity {
  organisationId: string;
  identifierType: string;
  identifierValue: string;
  applicationId: string | null;
}

@CommandHandler(OpenNewRequestCommand)
export class OpenNewRequestHandler implements ICommandHandler<OpenNewRequestCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly access: AccessPolicy,
    private readonly certificates: CertificateLoader,
    private readonly requests: NewRequestsRepository,
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
    return this.transactions.run(async (manager) => {
      // Central administrators pass the policy for any id: the organisation must still exist.
      if (!(await manager.getRepository(OrganisationEntity).existsBy({ id: input.organisationId })))
        throw new NotFoundError('organisation');
      const now = this.clock.now();
      const requested = {
        organisationId: input.organisationId,
        identifierType: identifier.type,
        identifierValue: identifier.value,
        applicationId,
      };
      if (input.replacesCertificateId)
        await this.assertReplaceable(manager, actor, input.replacesCertificateId, requested, now);
      const request = await this.opener.open(
        manager,
        actor,
        {
          ...requested,
          replacesCertificateId: input.replacesCertificateId ?? null,
          note: input.note?.trim() || null,
        },
        now,
      );
      return this.view.loadOne(manager, request);
    });
  }

  /**
   * A request replaces a certificate that can no longer be renewed (revoked, or expired), of the same organisation,
   * identifier and application ID, and only one open request replaces it at a time.
   */
  private async assertReplaceable(
    manager: EntityManager,
    actor: Actor,
    certificateId: string,
    requested: RequestedIdentity,
    now: Date,
  ): Promise<void> {
    // Locked, so two requests opened at once for one certificate queue up and the second sees the first.
    const certificate = await this.certificates.load(manager, actor, certificateId, 'certificate.lifecycle', {
      forUpdate: true,
    });
    if (certificate.organisationId !== requested.organisationId) {
      throw new UnprocessableError(
        'CERTIFICATE_OF_ANOTHER_ORGANISATION',
        "replacesCertificateId: this certificate belongs to another organisation than the request's.",
      );
    }
    const label = (type: string | null, value: string | null, application: string | null) =>
      type ? `${type}=${value}${application ? `, ${application}` : ''}` : 'no eHealth identifier';
    const wanted = label(requested.identifierType, requested.identifierValue, requested.applicationId);
    const replaced = label(
      certificate.identifierType,
      certificate.identifierValue,
      certificate.applicationId,
    );
    if (wanted !== replaced) {
      throw new UnprocessableError(
        'CERTIFICATE_MISMATCH',
        `replacesCertificateId: the request is for ${wanted}, the certificate it replaces is for ${replaced}.`,
      );
    }
    if (certificate.state === 'superseded') {
      throw new ConflictError(
        'CERTIFICATE_SUPERSEDED',
        'This certificate was already replaced by its renewal: nothing is left to request for it.',
      );
    }
    if (certificate.state === 'active' && certificateStatus(certificate, now) !== 'expired') {
      throw new UnprocessableError(
        'CERTIFICATE_STILL_VALID',
        `This certificate is valid until ${brusselsDate(certificate.notAfter)}: renew it (from ${RENEWAL_WINDOW_DAYS} days before its end), or revoke it first.`,
      );
    }
    if (await this.requests.openReplacing(manager, certificate.id)) {
      throw new ConflictError(
        'NEW_REQUEST_ALREADY_OPEN',
        'A new request replacing this certificate is already open: complete or abandon it first.',
      );
    }
  }
}
