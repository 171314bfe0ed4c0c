import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Label, labelKey } from '@certdesk/domain';
import { LabelEntity } from '@certdesk/persistence';
import { containsPattern } from '../certificates/list/sql-params.js';

/** A label on a certificate, as the labelling reads them. */
export interface CertificateLabelRow {
  certificateId: string;
  name: string;
  key: string;
}

export interface LabelCount {
  id: string;
  organisationId: string;
  name: string;
  certificates: number;
}

/** Certificates per statement when attaching or detaching (each statement binds them as one array). */
const CHUNK = 5000;

/**
 * Labels of organisations and the labels on certificates: certificate_label (names, counts, audit) and, written
 * together here and nowhere else, each certificate's label_keys (the list's filter). Writes take the caller's
 * transaction.
 */
@Injectable()
export class LabelsRepository {
  /** The organisation's label with this key, made with this spelling if it has none yet (concurrent makers agree). */
  async findOrCreate(manager: EntityManager, organisationId: string, label: Label): Promise<LabelEntity> {
    await manager.query(
      `INSERT INTO label (organisation_id, name, key) VALUES ($1, $2, $3)
         ON CONFLICT (organisation_id, key) DO NOTHING`,
      [organisationId, label.name, label.key],
    );
    return manager.getRepository(LabelEntity).findOneByOrFail({ organisationId, key: label.key });
  }

  find(manager: EntityManager, organisationId: string, key: string): Promise<LabelEntity | null> {
    return manager.getRepository(LabelEntity).findOneBy({ organisationId, key });
  }

  findById(manager: EntityManager, organisationId: string, id: string): Promise<LabelEntity | null> {
    return manager.getRepository(LabelEntity).findOneBy({ organisationId, id });
  }

  async labelsOf(manager: EntityManager, certificateIds: readonly string[]): Promise<CertificateLabelRow[]> {
    if (certificateIds.length === 0) return [];
    const rows: { certificate_id: string; name: string; key: string }[] = await manager.query(
      `SELECT cl.certificate_id, l.name, l.key FROM certificate_label cl JOIN label l ON l.id = cl.label_id
        WHERE cl.certificate_id = ANY($1::uuid[]) ORDER BY l.key`,
      [certificateIds],
    );
    return rows.map((r) => ({ certificateId: r.certificate_id, name: r.name, key: r.key }));
  }

  /** Puts the label on the certificates; their label_keys follow in the same transaction. */
  async attach(manager: EntityManager, label: LabelEntity, certificateIds: readonly string[]): Promise<void> {
    for (let i = 0; i < certificateIds.length; i += CHUNK) {
      const ids = certificateIds.slice(i, i + CHUNK);
      await manager.query(
        `INSERT INTO certificate_label (certificate_id, label_id)
           SELECT id, $2::uuid FROM unnest($1::uuid[]) AS id ON CONFLICT DO NOTHING`,
        [ids, label.id],
      );
      await manager.query(
        `UPDATE certificate SET label_keys = array_append(label_keys, $2)
          WHERE id = ANY($1::uuid[]) AND NOT label_keys @> ARRAY[$2]`,
        [ids, label.key],
      );
    }
  }

  async detach(manager: EntityManager, label: LabelEntity, certificateIds: readonly string[]): Promise<void> {
    for (let i = 0; i < certificateIds.length; i += CHUNK) {
      const ids = certificateIds.slice(i, i + CHUNK);
      await manager.query(
        'DELETE FROM certificate_label WHERE label_id = $2 AND certificate_id = ANY($1::uuid[])',
        [ids, label.id],
      );
      await manager.query(
        'UPDATE certificate SET label_keys = array_remove(label_keys, $2) WHERE id = ANY($1::uuid[]) AND label_keys @> ARRAY[$2]',
        [ids, label.key],
      );
    }
  }

  /**
   * The labels of these organisations (null: every one), one per key across them, by key, in the spelling of the
   * first organisation (by id) that has it: what a filter over several organisations offers, without counting their
   * certificates. `q` keeps the keys holding it.
   */
  async names(
    manager: EntityManager,
    organisationIds: string[] | null,
    search: { q?: string | undefined; limit?: number | undefined },
  ): Promise<{ key: string; name: string }[]> {
    if (organisationIds !== null && organisationIds.length === 0) return [];
    const q = search.q === undefined ? '' : labelKey(search.q);
    const params = [q ? containsPattern(q) : null, search.limit ?? null];
    // Every organisation's: from one key to the next along (key, organisation_id), a few index entries a name,
    // where DISTINCT ON would read every organisation's spelling of each key (10,000 of a common one).
    if (organisationIds === null) {
      return (await manager.query(
        `WITH RECURSIVE keys AS (
           (SELECT l.key FROM label l WHERE $1::text IS NULL OR l.key LIKE $1 ORDER BY l.key LIMIT 1)
           UNION ALL
           SELECT (SELECT l.key FROM label l
                    WHERE l.key > keys.key AND ($1::text IS NULL OR l.key LIKE $1)
                    ORDER BY l.key LIMIT 1)
             FROM keys WHERE keys.key IS NOT NULL)
         SELECT k.key, (SELECT l.name FROM label l WHERE l.key = k.key ORDER BY l.organisation_id LIMIT 1) AS name
           FROM keys k WHERE k.key IS NOT NULL
          LIMIT $2`,
        params,
      )) as { key: string; name: string }[];
    }
    return (await manager.query(
      `SELECT DISTINCT ON (l.key) l.key, l.name
         FROM label l
        WHERE l.organisation_id = ANY($3::uuid[]) AND ($1::text IS NULL OR l.key LIKE $1)
        ORDER BY l.key, l.organisation_id
        LIMIT $2`,
      [...params, organisationIds],
    )) as { key: string; name: string }[];
  }

  /**
   * The labels of these organisations (null: every one), each with how many active certificates carry it (the
   * list shows active ones unless asked otherwise), by name.
   */
  async listWithCounts(manager: EntityManager, organisationIds: string[] | null): Promise<LabelCount[]> {
    if (organisationIds !== null && organisationIds.length === 0) return [];
    const rows: { id: string; organisation_id: string; name: string; certificates: number }[] =
      await manager.query(
        `SELECT l.id, l.organisation_id, l.name,
                (SELECT count(*)::int FROM certificate_label cl JOIN certificate c ON c.id = cl.certificate_id
                  WHERE cl.label_id = l.id AND c.state = 'active') AS certificates
           FROM label l
          WHERE $1::uuid[] IS NULL OR l.organisation_id = ANY($1::uuid[])
          ORDER BY l.key, l.organisation_id`,
        [organisationIds],
      );
    return rows.map((r) => ({
      id: r.id,
      organisationId: r.organisation_id,
      name: r.name,
      certificates: r.certificates,
    }));
  }
}

/**
 * A renewal keeps what its organisation sorts it by: the labels of each renewed certificate (`from`) are put on the
 * certificate that renews it (`to`), with its label_keys, inside the import's transaction. Answers, per certificate
 * given labels, their names (in key order) and the certificates they came from.
 */
export async function carryLabelsOver(
  manager: EntityManager,
  renewals: readonly { from: string; to: string }[],
): Promise<{ certificateId: string; labels: string[]; from: string[] }[]> {
  if (renewals.length === 0) return [];
  const from = renewals.map((r) => r.from);
  const to = renewals.map((r) => r.to);
  const added: unknown[] = await manager.query(
    `INSERT INTO certificate_label (certificate_id, label_id)
       SELECT r.to_id, cl.label_id FROM unnest($1::uuid[], $2::uuid[]) AS r(from_id, to_id)
         JOIN certificate_label cl ON cl.certificate_id = r.from_id
     ON CONFLICT DO NOTHING RETURNING certificate_id`,
    [from, to],
  );
  if (added.length === 0) return [];
  // TypeORM answers an UPDATE as [rows, affected].
  const [rows]: [{ id: string; labels: string[] }[], number] = await manager.query(
    `UPDATE certificate c SET label_keys = ARRAY(
         SELECT l.key FROM certificate_label cl JOIN label l ON l.id = cl.label_id
          WHERE cl.certificate_id = c.id ORDER BY l.key)
      WHERE c.id = ANY($1::uuid[])
      RETURNING c.id, ARRAY(SELECT l.name FROM certificate_label cl JOIN label l ON l.id = cl.label_id
                             WHERE cl.certificate_id = c.id ORDER BY l.key) AS labels`,
    [[...new Set(to)]],
  );
  return rows
    .filter((r) => r.labels.length > 0)
    .map((r) => ({
      certificateId: r.id,
      labels: r.labels,
      from: renewals.filter((x) => x.to === r.id).map((x) => x.from),
    }));
}
