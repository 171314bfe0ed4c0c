import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CertificateEntity } from '@certdesk/persistence';
import type { Sql } from './certificate-list-sql.js';

/** A page's row as certificateListSql returns it: the certificate's columns, its sort keys, what it refers to. */
export type CertificateListRow = Record<string, unknown>;

/** The certificate list's reads (certificateListSql, certificateCountSql): its one door to Postgres. Read-only. */
@Injectable()
export class CertificateListRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** For reads made beside the list's own, outside any transaction (the page's readiness facts). */
  get manager(): EntityManager {
    return this.db.manager;
  }

  page({ text, values }: Sql): Promise<CertificateListRow[]> {
    return this.db.query(text, values);
  }

  async count({ text, values }: Sql): Promise<number> {
    const [row] = (await this.db.query(text, values)) as { total: number }[];
    return row?.total ?? 0;
  }

  /** A raw row (snake_case columns) as the entity, through TypeORM's own column metadata. */
  hydrate(row: CertificateListRow): CertificateEntity {
    const entity = new CertificateEntity();
    for (const column of this.db.getMetadata(CertificateEntity).columns) {
      if (column.databaseName in row) column.setEntityValue(entity, row[column.databaseName]);
    }
    return entity;
  }
}
