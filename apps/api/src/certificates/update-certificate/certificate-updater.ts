import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CertificateEntity, KeystoreEntity, KeystoreEntryEntity } from '@certdesk/persistence';
import { AuditTrail, type AuditActor } from '../../audit/audit-trail.js';
import { findOrCreateKeystore, replaceKeystoreEntries } from '../../keystores/keystore-records.js';
import { requireEmployedMember } from '../../lifecycle/organisation-person.js';
import { CertificateView } from '../certificate-view.js';
import type { CertificateDto } from '../certificate.dto.js';
import type { KeystoreLocationInputDto, UpdateCertificateDto } from './update-certificate.dto.js';

/**
 * Changes what Certdesk knows around one certificate (password custodian, keystore location, usages, notes) inside
 * the caller's transaction, audited with the fields' before and after. The caller has loaded and locked the
 * certificate and checked who may act: PATCH /certificates/:id for one, the bulk actions for many.
 */
@Injectable()
export class CertificateUpdater {
  constructor(
    private readonly view: CertificateView,
    private readonly audit: AuditTrail,
  ) {}

  async apply(
    manager: EntityManager,
    actor: AuditActor,
    certificate: CertificateEntity,
    changes: UpdateCertificateDto,
  ): Promise<CertificateDto> {
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
      await manager.getRepository(CertificateEntity).update({ id: certificate.id }, fields);

    const updated = await manager.getRepository(CertificateEntity).findOneByOrFail({ id: certificate.id });
    const [after] = await this.view.load(manager, [updated]);
    await this.audit.append(manager, actor, {
      action: 'certificate.updated',
      organisationId: certificate.organisationId,
      certificateId: certificate.id,
      before: audited(before!, changes),
      after: audited(after!, changes),
    });
    return after!;
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
