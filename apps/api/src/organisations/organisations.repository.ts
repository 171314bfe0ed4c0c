import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { writtenNumberDigits } from '@certdesk/domain';
import { OrganisationEntity } from '@certdesk/persistence';
import { containsPattern } from '../certificates/list/sql-params.js';
import { type ByNamePage, pagedByName } from '../common/by-name-page.js';

/** An organisation's id and name: what a list or a choice of organisations shows. */
export interface OrganisationName {
  id: string;
  name: string;
}

/** The organisations' reads: their one door to Postgres. `visible` null = every organisation. */
@Injectable()
export class OrganisationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** By name, then id: the order the pages follow. */
  list(visible: string[] | null, page: ByNamePage = {}): Promise<OrganisationEntity[]> {
    const query = this.db.getRepository(OrganisationEntity).createQueryBuilder('o');
    if (visible !== null) query.andWhere('o.id = ANY(:visible)', { visible });
    const q = page.q?.trim();
    if (q) {
      const digits = writtenNumberDigits(q);
      query.andWhere(
        `(o.name ILIKE :pattern OR EXISTS (
           SELECT 1 FROM organisation_identifier i
            WHERE i.organisation_id = o.id AND (i.value ILIKE :pattern${digits ? ' OR i.value LIKE :digits' : ''})))`,
        { pattern: containsPattern(q), digits: digits && containsPattern(digits) },
      );
    }
    return pagedByName(query, page).getMany();
  }

  byId(id: string): Promise<OrganisationEntity | null> {
    return this.db.getRepository(OrganisationEntity).findOneBy({ id });
  }

  /** The names of these organisations, by id: a list's rows name their organisation (in the caller's transaction). */
  async namesById(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = (await manager.query(
      'SELECT o.id, o.name FROM organisation o WHERE o.id = ANY($1::uuid[])',
      [[...new Set(ids)]],
    )) as OrganisationName[];
    return new Map(rows.map((o) => [o.id, o.name]));
  }

  /** Their ids and names alone, by name: two columns of one table, where `list` loads each one's whole record. */
  async names(visible: string[] | null): Promise<OrganisationName[]> {
    return (await this.db.query(
      `SELECT o.id, o.name FROM organisation o
        WHERE $1::uuid[] IS NULL OR o.id = ANY($1::uuid[])
        ORDER BY o.name, o.id`,
      [visible],
    )) as OrganisationName[];
  }
}
