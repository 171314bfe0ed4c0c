import { Injectable } from '@nestjs/common';
import { In, IsNull, Not, type EntityManager } from 'typeorm';
import {
  CertificateEntity,
  CutOverReminderEntity,
  CutOverRequestEntity,
  DeploymentEntity,
  OrganisationEntity,
  RenewalCaseEntity,
} from '@certdesk/persistence';

/** A request with what its page and the certificate page show of its deployment. */
export interface CutOverRequestRow {
  request: CutOverRequestEntity;
  software: string;
  integrator: string | null;
}

/**
 * Cut-over requests: their one door to Postgres. Every method takes the caller's EntityManager, so it runs inside the
 * caller's transaction.
 */
@Injectable()
export class CutOverRequestsRepository {
  async insert(
    manager: EntityManager,
    requests: Pick<
      CutOverRequestEntity,
      | 'organisationId'
      | 'certificateId'
      | 'renewalCaseId'
      | 'deploymentId'
      | 'contactEmail'
      | 'tokenHash'
      | 'expiresAt'
    >[],
  ): Promise<string[]> {
    if (requests.length === 0) return [];
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(CutOverRequestEntity)
      .values(requests)
      .returning(['id'])
      .execute();
    return (inserted.raw as { id: string }[]).map((row) => row.id);
  }

  /**
   * The request with this token hash, its first link's or a reminder's (unique indexes: indexed lookups), locked until
   * the transaction ends.
   */
  findByTokenHash(
    manager: EntityManager,
    tokenHash: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<CutOverRequestEntity | null> {
    // The request's first link, or the fresh link of one of its reminders: each through its unique index.
    const query = manager
      .getRepository(CutOverRequestEntity)
      .createQueryBuilder('r')
      .where('r.token_hash = :tokenHash', { tokenHash })
      .orWhere(
        'r.id = (SELECT m.cut_over_request_id FROM cut_over_reminder m WHERE m.token_hash = :tokenHash)',
        { tokenHash },
      );
    if (options.forUpdate) query.setLock('pessimistic_write');
    return query.getOne();
  }

  /** A certificate's requests with their deployment, the newest renewal's first, then in the deployments' order. */
  async ofCertificate(manager: EntityManager, certificateId: string): Promise<CutOverRequestRow[]> {
    const rows = await manager
      .getRepository(CutOverRequestEntity)
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.deployment', 'd')
      .where('r.certificate_id = :certificateId', { certificateId })
      .orderBy('r.created_at', 'DESC')
      .addOrderBy('d.created_at', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
    return rows.map(({ deployment, ...request }) => ({
      request: request as CutOverRequestEntity,
      software: deployment!.software,
      integrator: deployment!.integrator,
    }));
  }

  /** Per request: how many reminders its contact was mailed, and when the last one went. */
  async remindersMailed(
    manager: EntityManager,
    requestIds: string[],
  ): Promise<Map<string, { count: number; last: Date }>> {
    if (requestIds.length === 0) return new Map();
    const rows = (await manager
      .getRepository(CutOverReminderEntity)
      .createQueryBuilder('m')
      .select('m.cut_over_request_id', 'requestId')
      .addSelect('count(*)::int', 'count')
      .addSelect('max(m.mailed_at)', 'last')
      .where({ cutOverRequestId: In(requestIds), mailedAt: Not(IsNull()) })
      .groupBy('m.cut_over_request_id')
      .getRawMany()) as { requestId: string; count: number; last: Date }[];
    return new Map(rows.map((row) => [row.requestId, { count: row.count, last: row.last }]));
  }

  /** Per certificate: how many of its deployments have neither confirmed nor been overridden. */
  async stillInUse(manager: EntityManager, certificateIds: string[]): Promise<Map<string, number>> {
    if (certificateIds.length === 0) return new Map();
    const rows = (await manager
      .getRepository(CutOverRequestEntity)
      .createQueryBuilder('r')
      .select('r.certificate_id', 'certificateId')
      .addSelect('count(*)::int', 'count')
      .where({ certificateId: In(certificateIds), confirmedAt: IsNull(), overriddenAt: IsNull() })
      .groupBy('r.certificate_id')
      .getRawMany()) as { certificateId: string; count: number }[];
    return new Map(rows.map((row) => [row.certificateId, row.count]));
  }

  async markConfirmed(
    manager: EntityManager,
    id: string,
    confirmedBy: string | null,
    now: Date,
  ): Promise<void> {
    await manager.getRepository(CutOverRequestEntity).update({ id }, { confirmedAt: now, confirmedBy });
  }

  /** Closes every open request of the certificate for an administrator's reason; answers the ones it closed. */
  async overrideOpen(
    manager: EntityManager,
    certificateId: string,
    override: { overriddenById: string | null; overrideReason: string },
    now: Date,
  ): Promise<CutOverRequestEntity[]> {
    const closed = await manager
      .createQueryBuilder()
      .update(CutOverRequestEntity)
      .set({ overriddenAt: now, ...override })
      .where({ certificateId, confirmedAt: IsNull(), overriddenAt: IsNull() })
      .returning('*')
      .execute();
    return (closed.raw as Record<string, unknown>[]).map((row) => ({
      id: row['id'],
      deploymentId: row['deployment_id'],
      contactEmail: row['contact_email'],
    })) as CutOverRequestEntity[];
  }

  /**
   * Requests that may be due for a reminder at `now`, after `afterId` in id order: still open (neither confirmed,
   * overridden nor expired), with a contact, mailed at least `firstDay` days ago, and not yet given reminder
   * `atMost` (the last). The caller decides, under the row's lock, which reminder is due (libs/domain dueCutOverReminder).
   */
  async remindable(
    manager: EntityManager,
    criteria: { now: Date; firstDay: number; atMost: number; afterId: string | null; limit: number },
  ): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT r.id FROM cut_over_request r
        WHERE r.confirmed_at IS NULL AND r.overridden_at IS NULL AND r.expires_at > $1
          AND r.contact_email IS NOT NULL
          AND r.mailed_at <= $1::timestamptz - make_interval(days => $2)
          AND (SELECT coalesce(max(m.ordinal), 0) FROM cut_over_reminder m WHERE m.cut_over_request_id = r.id) < $3
          AND ($4::uuid IS NULL OR r.id > $4::uuid)
        ORDER BY r.id
        LIMIT $5`,
      [criteria.now, criteria.firstDay, criteria.atMost, criteria.afterId, criteria.limit],
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }

  /**
   * The request, locked until the transaction ends, with the ordinal of its last reminder (0: none; a late run may
   * have skipped one, so this is not a count).
   */
  async lockWithReminders(
    manager: EntityManager,
    id: string,
  ): Promise<{ request: CutOverRequestEntity; lastReminder: number } | null> {
    const request = await manager
      .getRepository(CutOverRequestEntity)
      .createQueryBuilder('r')
      .where('r.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
    if (!request) return null;
    const lastReminder =
      (await manager.getRepository(CutOverReminderEntity).maximum('ordinal', { cutOverRequestId: id })) ?? 0;
    return { request, lastReminder };
  }

  /** Records a reminder; null when that reminder was recorded already (another replica was first). */
  async insertReminder(
    manager: EntityManager,
    reminder: Pick<CutOverReminderEntity, 'cutOverRequestId' | 'ordinal' | 'tokenHash' | 'createdAt'>,
  ): Promise<string | null> {
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(CutOverReminderEntity)
      .values(reminder)
      .orIgnore()
      .returning(['id'])
      .execute();
    return (inserted.raw as { id: string }[])[0]?.id ?? null;
  }

  /** The deployments the old certificate is installed in, in the order they were recorded. */
  deploymentsOf(manager: EntityManager, certificateId: string): Promise<DeploymentEntity[]> {
    return manager
      .getRepository(DeploymentEntity)
      .find({ where: { certificateId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  deploymentById(manager: EntityManager, id: string): Promise<DeploymentEntity | null> {
    return manager.getRepository(DeploymentEntity).findOneBy({ id });
  }

  /** The organisation's name and mail languages, as the link's mail and page name them. */
  organisationOf(manager: EntityManager, organisationId: string): Promise<OrganisationEntity | null> {
    return manager
      .getRepository(OrganisationEntity)
      .findOne({ where: { id: organisationId }, select: { id: true, name: true, languages: true } });
  }

  /** The certificate that replaces the old one, once the renewal case knows it (null until then). */
  async renewedCertificateOf(
    manager: EntityManager,
    renewalCaseId: string,
  ): Promise<CertificateEntity | null> {
    const renewal = await manager
      .getRepository(RenewalCaseEntity)
      .findOne({ where: { id: renewalCaseId }, select: { id: true, renewedCertificateId: true } });
    if (!renewal?.renewedCertificateId) return null;
    return manager.getRepository(CertificateEntity).findOne({
      where: { id: renewal.renewedCertificateId },
      select: { id: true, subject: true, serialNumber: true, notBefore: true, notAfter: true },
    });
  }
}
