import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CheckedMute } from '@certdesk/domain';
import { CertificateEntity, muteInForceSql, MuteEntity } from '@certdesk/persistence';
import { UnprocessableError } from '../common/errors.js';
import type { MuteDto, MuteInForceDto } from './mutes.dto.js';

/** What a mute silences: a certificate's reminders (warningCode null), or one warning of a certificate or organisation. */
export interface MuteTarget {
  organisationId: string;
  certificateId: string | null;
  warningCode: string | null;
}

interface MuteRow {
  id: string;
  organisation_id: string;
  certificate_id: string | null;
  warning_code: string | null;
  reason: string;
  note: string | null;
  replaced_by_certificate_id: string | null;
  end_date: string;
  until: Date;
  muted_at: Date;
  muted_by: { id: string; name: string; email: string } | null;
}

const MUTE_COLUMNS = `m.id, m.organisation_id, m.certificate_id, m.warning_code, m.reason, m.note,
       m.replaced_by_certificate_id, to_char(m.end_date, 'YYYY-MM-DD') AS end_date, m.until, m.muted_at,
       (SELECT json_build_object('id', u.id, 'name', p.name, 'email', u.email)
          FROM app_user u JOIN person p ON p.id = u.person_id WHERE u.id = m.muted_by_id) AS muted_by`;

/** The mute aggregate's rows: the one place the api reads and writes the mute table. */
@Injectable()
export class MutesRepository {
  /** The target's mute nobody unmuted (in force or lapsed by itself), locked for the caller's transaction. */
  findNotUnmuted(manager: EntityManager, target: MuteTarget): Promise<MuteEntity | null> {
    return manager
      .getRepository(MuteEntity)
      .createQueryBuilder('m')
      .setLock('pessimistic_write')
      .where('m.organisationId = :organisationId', target)
      .andWhere(
        target.certificateId === null ? 'm.certificateId IS NULL' : 'm.certificateId = :certificateId',
        target,
      )
      .andWhere(
        target.warningCode === null ? 'm.warningCode IS NULL' : 'm.warningCode = :warningCode',
        target,
      )
      .andWhere('m.unmutedAt IS NULL')
      .getOne();
  }

  private async insert(
    manager: EntityManager,
    values: Omit<MuteEntity, 'id' | 'unmutedAt' | 'unmutedById'>,
  ): Promise<string> {
    const inserted = await manager
      .getRepository(MuteEntity)
      .insert({ ...values, unmutedAt: null, unmutedById: null });
    return String(inserted.identifiers[0]!.id);
  }

  /**
   * Mutes `target` as checked: the mute nobody unmuted before it (in force or lapsed by itself) ends now, unmuted by
   * the one who mutes again. Answers the new mute's id, and the one it replaced (for the audit's "before").
   */
  async replace(
    manager: EntityManager,
    target: MuteTarget,
    mute: CheckedMute,
    mutedById: string | null,
    now: Date,
  ): Promise<{ id: string; previous: MuteEntity | null }> {
    const previous = await this.findNotUnmuted(manager, target);
    if (previous) await this.markUnmuted(manager, previous.id, mutedById, now);
    const id = await this.insert(manager, {
      ...target,
      reason: mute.reason,
      note: mute.note,
      replacedByCertificateId: mute.replacedByCertificateId,
      endDate: mute.endDate,
      until: mute.until,
      mutedById,
      mutedAt: now,
    });
    return { id, previous };
  }

  /**
   * A mute's replacing certificate is one of the organisation's: another tenant's answers as a missing one does, so its
   * existence is not revealed.
   */
  async requireReplacementIn(
    manager: EntityManager,
    organisationId: string,
    certificateId: string,
  ): Promise<void> {
    const found = await manager
      .getRepository(CertificateEntity)
      .existsBy({ id: certificateId, organisationId });
    if (!found)
      throw new UnprocessableError(
        'REPLACEMENT_NOT_FOUND',
        'replacedByCertificateId: no such certificate in this organisation.',
      );
  }

  async markUnmuted(manager: EntityManager, id: string, by: string | null, at: Date): Promise<void> {
    await manager.getRepository(MuteEntity).update({ id }, { unmutedAt: at, unmutedById: by });
  }

  async loadOne(manager: EntityManager, id: string): Promise<MuteDto> {
    const [row] = (await manager.query(`SELECT ${MUTE_COLUMNS} FROM mute m WHERE m.id = $1`, [
      id,
    ])) as MuteRow[];
    if (!row) throw new Error(`mute ${id} vanished`);
    return toDto(row);
  }

  /**
   * The mutes in force at `now` in these organisations (every one when null), reminders' and warnings' alike,
   * those ending soonest first.
   */
  async inForce(
    manager: EntityManager,
    organisationIds: readonly string[] | null,
    now: Date,
    limit: number,
  ): Promise<{ total: number; mutes: MuteInForceDto[] }> {
    const scope = organisationIds === null ? 'true' : 'm.organisation_id = ANY($2::uuid[])';
    const params = organisationIds === null ? [now] : [now, organisationIds];
    const rows = (await manager.query(
      `SELECT ${MUTE_COLUMNS}, count(*) OVER ()::int AS total,
              (SELECT json_build_object('identifierType', c.identifier_type, 'identifierValue', c.identifier_value,
                        'applicationId', c.application_id, 'holderName', c.holder_name, 'notAfter', c.not_after)
                 FROM certificate c WHERE c.id = m.certificate_id) AS certificate
         FROM mute m
        WHERE ${muteInForceSql('m', '$1')} AND ${scope}
        ORDER BY m.until, m.id
        LIMIT ${Math.max(0, Math.trunc(limit))}`,
      params,
    )) as (MuteRow & { total: number; certificate: MuteInForceDto['certificate'] })[];
    return {
      total: rows[0]?.total ?? 0,
      mutes: rows.map((row) => ({
        ...toDto(row),
        certificate: row.certificate
          ? { ...row.certificate, notAfter: new Date(row.certificate.notAfter).toISOString() }
          : null,
      })),
    };
  }

  /** The states of a certificate's renewal cases, for libs/domain's muteLapse. */
  async renewalStates(manager: EntityManager, certificateId: string): Promise<string[]> {
    const rows = (await manager.query('SELECT state FROM renewal_case WHERE certificate_id = $1', [
      certificateId,
    ])) as {
      state: string;
    }[];
    return rows.map((r) => r.state);
  }

  /** Every mute a certificate ever had (reminders' and warnings'), newest first, for its history. */
  async history(
    manager: EntityManager,
    certificateId: string,
  ): Promise<(MuteDto & { unmutedAt: Date | null; unmutedBy: MuteDto['mutedBy'] })[]> {
    const rows = (await manager.query(
      `SELECT ${MUTE_COLUMNS}, m.unmuted_at,
              (SELECT json_build_object('id', u.id, 'name', p.name, 'email', u.email)
                 FROM app_user u JOIN person p ON p.id = u.person_id WHERE u.id = m.unmuted_by_id) AS unmuted_by
         FROM mute m WHERE m.certificate_id = $1
        ORDER BY m.muted_at DESC, m.id`,
      [certificateId],
    )) as (MuteRow & { unmuted_at: Date | null; unmuted_by: MuteDto['mutedBy'] })[];
    return rows.map((row) => ({ ...toDto(row), unmutedAt: row.unmuted_at, unmutedBy: row.unmuted_by }));
  }
}

function toDto(row: MuteRow): MuteDto {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    certificateId: row.certificate_id,
    warningCode: row.warning_code,
    reason: row.reason,
    note: row.note,
    replacedByCertificateId: row.replaced_by_certificate_id,
    endDate: row.end_date,
    until: row.until.toISOString(),
    mutedBy: row.muted_by,
    mutedAt: row.muted_at.toISOString(),
  };
}
