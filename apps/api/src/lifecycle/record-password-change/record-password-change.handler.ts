import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { brusselsDate } from '@certdesk/domain';
import { CertificateEntity, PasswordChangeEntity } from '@certdesk/persistence';
import { AuditTrail } from '../../audit/audit-trail.js';
import { CertificateLoader } from '../../certificates/certificate-loader.js';
import { CertificateView } from '../../certificates/certificate-view.js';
import { ConflictError, UnprocessableError } from '../../common/errors.js';
import { Clock } from '../../core/clock.js';
import type { PasswordChangeDto } from '../lifecycle.dto.js';
import { LIFECYCLE_ACTIONS } from '../lifecycle-steps.js';
import { requireEmployedMember } from '../organisation-person.js';
import { RecordPasswordChangeCommand } from './record-password-change.command.js';

@CommandHandler(RecordPasswordChangeCommand)
export class RecordPasswordChangeHandler implements ICommandHandler<RecordPasswordChangeCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly certificates: CertificateLoader,
    private readonly view: CertificateView,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, certificateId, input }: RecordPasswordChangeCommand): Promise<PasswordChangeDto> {
    return this.db.transaction(async (manager) => {
      const certificate = await this.certificates.load(
        manager,
        actor,
        certificateId,
        'certificate.lifecycle',
        {
          forUpdate: true,
        },
      );
      if (certificate.state === 'revoked') {
        throw new ConflictError(
          'CERTIFICATE_REVOKED',
          'This certificate is revoked: its keystore is no longer used.',
        );
      }
      const now = this.clock.now();
      if (input.changedOn > brusselsDate(now)) {
        throw new UnprocessableError(
          'DATE_IN_FUTURE',
          'changedOn: record a password change once it is done.',
        );
      }
      const custodian = input.custodianId
        ? await requireEmployedMember(manager, input.custodianId, certificate.organisationId, 'custodianId')
        : null;
      const note = input.note?.trim() || null;
      const inserted = await manager.getRepository(PasswordChangeEntity).insert({
        certificateId,
        changedOn: input.changedOn,
        custodianId: custodian?.id ?? null,
        note: note ?? '',
        recordedById: actor.userId,
        recordedAt: now,
      });
      if (custodian) {
        await manager
          .getRepository(CertificateEntity)
          .update({ id: certificateId }, { passwordCustodianId: custodian.id });
      }
      await this.audit.append(
        manager,
        actor,
        {
          action: LIFECYCLE_ACTIONS.passwordChanged,
          organisationId: certificate.organisationId,
          certificateId,
          before: { passwordCustodianId: certificate.passwordCustodianId },
          after: {
            passwordCustodianId: custodian?.id ?? certificate.passwordCustodianId,
            changedOn: input.changedOn,
            note,
          },
        },
        now,
      );
      const change = await manager
        .getRepository(PasswordChangeEntity)
        .findOneByOrFail({ id: String(inserted.identifiers[0]!.id) });
      const updated = await manager.getRepository(CertificateEntity).findOneByOrFail({ id: certificateId });
      const [dto] = await this.view.load(manager, [updated], now);
      return {
        id: change.id,
        certificateId,
        changedOn: change.changedOn,
        custodian: dto!.passwordCustodian && custodian ? dto!.passwordCustodian : null,
        note: change.note,
        recordedAt: change.recordedAt.toISOString(),
        recordedById: change.recordedById,
        certificate: dto!,
      };
    });
  }
}
