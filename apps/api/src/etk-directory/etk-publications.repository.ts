import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type EtkKeystoreEntry, OPEN_RENEWAL_STATES } from '@certdesk/domain';
import {
  EtkDiscoveryStateEntity,
  EtkPublicationEntity,
  OrganisationIdentifierEntity,
  RenewalCaseEntity,
} from '@certdesk/persistence';

/** An ETK as a discovery found it, ready to be recorded. */
export interface FoundEtk {
  identifierType: string;
  identifierValue: string;
  applicationId: string | null;
  environment: string;
  encryptionSerialNumber: string;
  encryptionAlias: string;
  encryptionFingerprint: string;
  encryptionNotAfter: Date;
  authenticationSerialNumber: string;
  authenticationFingerprint: string;
  authenticationNotAfter: Date;
  certificateId: string;
}

/** What a discovery asks for an organisation: its identifiers, and the environments of its certificates. */
export interface DiscoveryTargets {
  identifiers: { type: string; value: string }[];
  certificateEnvironments: string[];
}

/** A renewal at phase 2, with what libs/domain's publishesRenewedEtk compares. */
export interface RenewalAtPhase2 {
  renewal: RenewalCaseEntity;
  certificate: {
    sha256Fingerprint: string;
    notAfter: Date;
    identifierType: string | null;
    identifierValue: string | null;
    applicationId: string | null;
    environment: string;
  };
  renewedFingerprint: string | null;
}

/**
 * The ETK directory's rows of an organisation (etk_publication, etk_discovery_state) and what a discovery reads
 * beside them. Writes take the caller's transaction.
 */
@Injectable()
export class EtkPublicationsRepository {
  async targets(manager: EntityManager, organisationId: string): Promise<DiscoveryTargets | null> {
    const [organisation] = (await manager.query('SELECT id FROM organisation WHERE id = $1', [
      organisationId,
    ])) as { id: string }[];
    if (!organisation) return null;
    const identifiers = await manager.getRepository(OrganisationIdentifierEntity).find({
      where: { organisationId },
      order: { type: 'ASC', value: 'ASC' },
    });
    const environments = (await manager.query(
      'SELECT DISTINCT environment FROM certificate WHERE organisation_id = $1',
      [organisationId],
    )) as { environment: string }[];
    return {
      identifiers: identifiers.map((i) => ({ type: i.type, value: i.value })),
      certificateEnvironments: environments.map((e) => e.environment),
    };
  }

  /** Serialises the discoveries of one organisation (a manual one and a scheduled one) until the transaction ends. */
  async lockOrganisation(manager: EntityManager, organisationId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('etk-discovery'), hashtext($1))`, [
      organisationId,
    ]);
  }

  /** The organisation's certificates with these fingerprints, by fingerprint. */
  async certificateIds(
    manager: EntityManager,
    organisationId: string,
    fingerprints: string[],
  ): Promise<Map<string, string>> {
    if (fingerprints.length === 0) return new Map();
    const rows = (await manager.query(
      'SELECT id, sha256_fingerprint FROM certificate WHERE organisation_id = $1 AND sha256_fingerprint = ANY($2::text[])',
      [organisationId, fingerprints],
    )) as { id: string; sha256_fingerprint: string }[];
    return new Map(rows.map((r) => [r.sha256_fingerprint, r.id]));
  }

  async markSource(manager: EntityManager, certificateIds: string[], source: string): Promise<void> {
    if (certificateIds.length === 0) return;
    await manager.query('UPDATE certificate SET source = $2 WHERE id = ANY($1::uuid[])', [
      certificateIds,
      source,
    ]);
  }

  /** Every publication of the organisation, locked (the caller holds the organisation's discovery lock too). */
  async publications(manager: EntityManager, organisationId: string): Promise<EtkPublicationEntity[]> {
    return manager
      .getRepository(EtkPublicationEntity)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.organisationId = :organisationId', { organisationId })
      .orderBy('p.id')
      .getMany();
  }

  async insert(manager: EntityManager, organisationId: string, found: FoundEtk, now: Date): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(EtkPublicationEntity)
      .values({ organisationId, ...found, firstSeenAt: now, lastSeenAt: now, withdrawnAt: null })
      .execute();
  }

  /** Seen again: its last sighting, its inventory certificate, and published again if it had been withdrawn. */
  async seen(manager: EntityManager, id: string, found: FoundEtk, now: Date): Promise<void> {
    await manager.getRepository(EtkPublicationEntity).update(
      { id },
      {
        identifierType: found.identifierType,
        identifierValue: found.identifierValue,
        applicationId: found.applicationId,
        certificateId: found.certificateId,
        lastSeenAt: now,
        withdrawnAt: null,
      },
    );
  }

  async withdraw(manager: EntityManager, ids: string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await manager.query('UPDATE etk_publication SET withdrawn_at = $2 WHERE id = ANY($1::uuid[])', [
      ids,
      now,
    ]);
  }

  /** The organisation's renewals at phase 2, locked in the lifecycle's order (certificate, then case). */
  async renewalsAtPhase2(manager: EntityManager, organisationId: string): Promise<RenewalAtPhase2[]> {
    const rows = (await manager.query(
      `SELECT r.id, c.sha256_fingerprint, c.not_after, c.identifier_type, c.identifier_value, c.application_id,
              c.environment, renewed.sha256_fingerprint AS renewed_fingerprint
         FROM renewal_case r
         JOIN certificate c ON c.id = r.certificate_id
         LEFT JOIN certificate renewed ON renewed.id = r.renewed_certificate_id
        WHERE r.organisation_id = $1 AND r.state = 'phase2-completed'
        ORDER BY c.id
          FOR UPDATE OF c`,
      [organisationId],
    )) as {
      id: string;
      sha256_fingerprint: string;
      not_after: Date;
      identifier_type: string | null;
      identifier_value: string | null;
      application_id: string | null;
      environment: string;
      renewed_fingerprint: string | null;
    }[];
    if (rows.length === 0) return [];
    const cases = await manager
      .getRepository(RenewalCaseEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id IN (:...ids)', { ids: rows.map((r) => r.id) })
      .andWhere('r.state IN (:...open)', { open: OPEN_RENEWAL_STATES })
      .orderBy('r.id')
      .getMany();
    const byId = new Map(cases.map((c) => [c.id, c]));
    return rows
      .filter((row) => byId.get(row.id)?.state === 'phase2-completed')
      .map((row) => ({
        renewal: byId.get(row.id)!,
        certificate: {
          sha256Fingerprint: row.sha256_fingerprint,
          notAfter: row.not_after,
          identifierType: row.identifier_type,
          identifierValue: row.identifier_value,
          applicationId: row.application_id,
          environment: row.environment,
        },
        renewedFingerprint: row.renewed_fingerprint,
      }));
  }

  async state(manager: EntityManager, organisationId: string): Promise<EtkDiscoveryStateEntity | null> {
    return manager.getRepository(EtkDiscoveryStateEntity).findOneBy({ organisationId });
  }

  async recordSuccess(
    manager: EntityManager,
    organisationId: string,
    trigger: string,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO etk_discovery_state (organisation_id, last_attempt_at, last_success_at, last_trigger,
              failure_code, failure_message, failed_at, consecutive_failures)
       VALUES ($1, $2, $2, $3, NULL, NULL, NULL, 0)
       ON CONFLICT (organisation_id) DO UPDATE
          SET last_attempt_at = $2, last_success_at = $2, last_trigger = $3, failure_code = NULL,
              failure_message = NULL, failed_at = NULL, consecutive_failures = 0`,
      [organisationId, now, trigger],
    );
  }

  /** A failed discovery, kept until the next success: shown on the organisation and in the metrics. */
  async recordFailure(
    manager: EntityManager,
    organisationId: string,
    trigger: string,
    failure: { code: string; message: string },
    now: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO etk_discovery_state (organisation_id, last_attempt_at, last_success_at, last_trigger,
              failure_code, failure_message, failed_at, consecutive_failures)
       SELECT $1, $2, NULL, $3, $4, $5, $2, 1 WHERE EXISTS (SELECT 1 FROM organisation WHERE id = $1)
       ON CONFLICT (organisation_id) DO UPDATE
          SET last_attempt_at = $2, last_trigger = $3, failure_code = $4, failure_message = $5, failed_at = $2,
              consecutive_failures = etk_discovery_state.consecutive_failures + 1`,
      [organisationId, now, trigger, failure.code, failure.message],
    );
  }

  /** The publications to show (the published ones, or every one), with their certificate's keystore entries. */
  async list(
    manager: EntityManager,
    organisationId: string,
    filter: { certificateId?: string; includeWithdrawn: boolean },
  ): Promise<{ publication: EtkPublicationEntity; keystoreEntries: EtkKeystoreEntry[] | null }[]> {
    const query = manager
      .getRepository(EtkPublicationEntity)
      .createQueryBuilder('p')
      .where('p.organisationId = :organisationId', { organisationId })
      .orderBy('p.identifierType')
      .addOrderBy('p.identifierValue')
      .addOrderBy('p.applicationId', 'ASC', 'NULLS FIRST')
      .addOrderBy('p.environment', 'DESC')
      .addOrderBy('p.firstSeenAt', 'DESC');
    if (!filter.includeWithdrawn) query.andWhere('p.withdrawnAt IS NULL');
    if (filter.certificateId) query.andWhere('p.certificateId = :certificateId', filter);
    const publications = await query.getMany();
    const certificateIds = [
      ...new Set(publications.map((p) => p.certificateId).filter((id): id is string => id !== null)),
    ];
    const keystores = certificateIds.length
      ? ((await manager.query('SELECT id, keystore_id FROM certificate WHERE id = ANY($1::uuid[])', [
          certificateIds,
        ])) as { id: string; keystore_id: string | null }[])
      : [];
    const keystoreOf = new Map(keystores.map((k) => [k.id, k.keystore_id]));
    const keystoreIds = [...new Set(keystores.map((k) => k.keystore_id).filter((id) => id !== null))];
    const entries = keystoreIds.length
      ? ((await manager.query(
          `SELECT keystore_id, alias, has_private_key, certificate_fingerprint
             FROM keystore_entry WHERE keystore_id = ANY($1::uuid[])`,
          [keystoreIds],
        )) as {
          keystore_id: string;
          alias: string | null;
          has_private_key: boolean;
          certificate_fingerprint: string | null;
        }[])
      : [];
    const entriesOf = new Map<string, EtkKeystoreEntry[]>();
    for (const e of entries) {
      const list = entriesOf.get(e.keystore_id) ?? [];
      list.push({
        alias: e.alias,
        hasPrivateKey: e.has_private_key,
        certificateFingerprint: e.certificate_fingerprint,
      });
      entriesOf.set(e.keystore_id, list);
    }
    return publications.map((publication) => {
      const keystoreId = publication.certificateId ? keystoreOf.get(publication.certificateId) : null;
      return { publication, keystoreEntries: keystoreId ? (entriesOf.get(keystoreId) ?? []) : null };
    });
  }
}
