import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { CertificateEntity, KeystoreEntity } from '@certdesk/persistence';
import { AccessPolicy } from '../../access/access-policy.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { Clock } from '../../core/clock.js';
import { recordKeystore } from '../keystore-records.js';
import type { KeystoreReportResultDto, LinkedCertificateDto } from '../keystore-report.dto.js';
import { ReportKeystoreCommand } from './report-keystore.command.js';

@CommandHandler(ReportKeystoreCommand)
export class ReportKeystoreHandler implements ICommandHandler<ReportKeystoreCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, report }: ReportKeystoreCommand): Promise<KeystoreReportResultDto> {
    // Inventory items are the certificates of key entries and the eHealth certificates; CA certificates (entries,
    // or chain material with no entry of their own) and ETK certificates never are.
    const notInventory = new Set(
      report.entries.filter((e) => e.role === 'ca' || e.role === 'etk').map((e) => e.certificateFingerprint),
    );
    const fingerprints = [
      ...new Set(
        [
          ...report.entries
            .filter((e) => e.role === 'authentication' || e.role === 'other')
            .map((e) => e.certificateFingerprint),
          ...report.certificates.filter((c) => c.ehealth !== null).map((c) => c.sha256Fingerprint),
        ].filter((f): f is string => f !== null && !notInventory.has(f)),
      ),
    ];
    if (fingerprints.length === 0) return { linked: [], readOnly: [], unknown: [] };

    const updatable = this.access.visibleOrganisationIds(actor, 'certificate.update');
    const readable = this.access.visibleOrganisationIds(actor, 'certificate.read');
    return this.db.transaction(async (manager) => {
      const query = manager
        .getRepository(CertificateEntity)
        .createQueryBuilder('c')
        .where('c.sha256Fingerprint IN (:...fingerprints)', { fingerprints });
      const writable =
        updatable === null || updatable.length > 0
          ? await (
              updatable === null
                ? query.clone()
                : query.clone().andWhere('c.organisationId IN (:...updatable)', { updatable })
            )
              .setLock('pessimistic_write')
              .orderBy('c.organisationId')
              .addOrderBy('c.id')
              .getMany()
          : [];
      const readOnlyRows =
        readable !== null && readable.length > 0
          ? await query
              .clone()
              .andWhere('c.organisationId IN (:...readable)', { readable })
              .andWhere(updatable?.length ? 'c.organisationId NOT IN (:...updatable)' : 'TRUE', { updatable })
              .getMany()
          : [];

      const previousKeystores = await manager.getRepository(KeystoreEntity).findBy({
        id: In(writable.map((c) => c.keystoreId).filter((id): id is string => id !== null)),
      });
      const byOrganisation = new Map<string, CertificateEntity[]>();
      for (const c of writable)
        byOrganisation.set(c.organisationId, [...(byOrganisation.get(c.organisationId) ?? []), c]);
      const linked: LinkedCertificateDto[] = [];
      const now = this.clock.now();
      for (const [organisationId, certificates] of byOrganisation) {
        const { keystore } = await recordKeystore(manager, {
          organisationId,
          fileName: report.fileName,
          host: report.hostName,
          path: report.path,
          encryption: null,
          entries: report.entries,
        });
        for (const certificate of certificates) {
          const entry = report.entries.find(
            (e) => e.certificateFingerprint === certificate.sha256Fingerprint,
          );
          const described = report.certificates.find(
            (c) => c.sha256Fingerprint === certificate.sha256Fingerprint,
          );
          const hasPrivateKey = entry?.hasPrivateKey ?? described?.hasPrivateKey ?? certificate.hasPrivateKey;
          const alias = entry?.alias ?? described?.alias ?? certificate.alias;
          const previous = previousKeystores.find((k) => k.id === certificate.keystoreId);
          await manager
            .getRepository(CertificateEntity)
            .update({ id: certificate.id }, { keystoreId: keystore.id, hasPrivateKey, alias });
          await this.audit.append(
            manager,
            actor,
            {
              action: 'certificate.keystore-reported',
              organisationId,
              certificateId: certificate.id,
              before: {
                keystore: previous ? location(previous) : null,
                hasPrivateKey: certificate.hasPrivateKey,
                alias: certificate.alias,
              },
              after: {
                keystore: location(keystore),
                hasPrivateKey,
                alias,
                reportedAt: report.reportedAt,
                entries: report.entries.length,
              },
            },
            now,
          );
          linked.push({
            sha256Fingerprint: certificate.sha256Fingerprint,
            certificateId: certificate.id,
            organisationId,
            keystoreId: keystore.id,
          });
        }
      }
      const linkedFingerprints = new Set(linked.map((l) => l.sha256Fingerprint));
      const readOnly = [...new Set(readOnlyRows.map((c) => c.sha256Fingerprint))].filter(
        (f) => !linkedFingerprints.has(f),
      );
      const known = new Set([...linkedFingerprints, ...readOnly]);
      return { linked, readOnly, unknown: fingerprints.filter((f) => !known.has(f)) };
    });
  }
}

function location(keystore: KeystoreEntity): { id: string; fileName: string; host: string; path: string } {
  return { id: keystore.id, fileName: keystore.fileName, host: keystore.host, path: keystore.path };
}
