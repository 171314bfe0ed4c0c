import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CertificateEntity, KeystoreEntity, KeystoreEntryEntity } from '@certdesk/persistence';
import { AuditTrail } from '../../audit/audit-trail.js';
import { findOrCreateKeystore, replaceKeystoreEntries } from '../../keystores/keystore-records.js';
import { requireEmployedMember } from '../../lifecycle/organisation-person.js';
import { CertificateLoader } from '../certificate-loader.js';
import { CertificateView } from '../certificate-view.js';
import type { CertificateDto } from '../certificate.dto.js';
import { UpdateCertificateCommand } from './update-certificate.command.js';
import type { KeystoreLocationInputDto, UpdateCertificateDto } from './update-certificate.dto.js';

@CommandHandler(UpdateCertificateCommand)
export class UpdateCertificateHandler implements ICommandHandler<UpdateCertificateCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly certificates: CertificateLoader,
    private readonly view: CertificateView,
    private readonly audit: AuditTrail,
  ) {}

  async execute({ actor, certificateId, changes }: UpdateCertificateCommand): Promise<CertificateDto> {
    return this.db.transaction(async (manager) => {
      const certificate = await this.certificates.load(manager, actor, certificateId, 'certificate.update', {
        forUpdate: true,
      });
      const [before] = await this.view.load(manager, [certificate]);
      const fields: Partial<
        Pick<CertificateEntity, 'passwordCustodianId' | 'keystoreId' | 'usages' | 'notes'>
      > = {};
      if (changes.passwordCustodianId !== undefined) {
        // The same rule as a recorded password change: someone of this organisation who still works there.
        fields.passwordCustodianId = changes.passwordCustodianId
          ? (
              await requireEmployedMember(
                manager,
                changes.passwordCustodianId,
                certificate.organisationId,
                'passwordCustodianId',
              )
            ).id
          : null;
      }
      if (changes.keystore !== undefined) {
        fields.keystoreId = changes.keystore
          ? await this.keystoreAt(manager, certificate, changes.keystore)
          : null;
      }
      if (changes.usages !== undefined) fields.usages = [...changes.usages];
      if (changes.notes !== undefined) fields.notes = changes.notes;
      if (Object.keys(fields).length)
        await manager.getRepository(CertificateEntity).update({ id: certificateId }, fields);

      const updated = await manager.getRepository(CertificateEntity).findOneByOrFail({ id: certificateId });
      const [after] = await this.view.load(manager, [updated]);
      await this.audit.append(manager, actor, {
        action: 'certificate.updated',
        organisationId: certificate.organisationId,
        certificateId,
        before: audited(before!, changes),
        after: audited(after!, changes),
      });
      return after!;
    });
  }

  /**
   * The organisation's keystore at that place; a new place for the certificate's known keystore is that same file
   * moved or copied, so a new record there starts with the old one's encryption and entries.
   */
  private async keystoreAt(
    manager: EntityManager,
    certificate: CertificateEntity,
    place: KeystoreLocationInputDto,
  ): Promise<string> {
    const previous = certificate.keystoreId
      ? await manager.getRepository(KeystoreEntity).findOneBy({ id: certificate.keystoreId })
      : null;
    const { keystore, created } = await findOrCreateKeystore(
      manager,
      certificate.organisationId,
      place,
      previous?.encryption ?? null,
    );
    if (created && previous) {
      const entries = await manager.getRepository(KeystoreEntryEntity).findBy({ keystoreId: previous.id });
      await replaceKeystoreEntries(manager, keystore.id, entries);
    }
    return keystore.id;
  }
}

/** The fields a change touched, as the answer shows them. */
function audited(dto: CertificateDto, changes: UpdateCertificateDto): Record<string, unknown> {
  return {
    ...(changes.passwordCustodianId !== undefined ? { passwordCustodian: dto.passwordCustodian } : {}),
    ...(changes.keystore !== undefined ? { keystore: dto.keystore } : {}),
    ...(changes.usages !== undefined ? { usages: dto.usages } : {}),
    ...(changes.notes !== undefined ? { notes: dto.notes } : {}),
  };
}
