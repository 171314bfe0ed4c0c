import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { OrganisationEntity } from '@certdesk/persistence';

/** An organisation's id and name: what a list or a choice of organisations shows. */
export interface OrganisationName {
  id: string;
  name: string;
}

/** The organisations' reads: their one door to Postgres. `visible` null = every organisation. */
@Injectable()
export class OrganisationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** By name. */
  list(visible: string[] | null): Promise<OrganisationEntity[]> {
    return this.db
      .getRepository(OrganisationEntity)
      .find({ where: visible === null ? {} : { id: In(visible) }, order: { name: 'ASC', id: 'ASC' } });
  }

  byId(id: string): Promise<OrganisationEntity | null> {
    return this.db.getRepository(OrganisationEntity).findOneBy({ id });
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
