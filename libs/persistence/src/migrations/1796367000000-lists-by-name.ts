import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12: the organisations and the people are listed a page at a time, by name then id, each page after the last
 * row of the one before. Without an index in that order every page sorted every name (8 ms at 10,000 organisations,
 * growing with them); with it a page reads its own rows.
 */
export class ListsByName1796367000000 implements MigrationInterface {
  name = 'ListsByName1796367000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "organisation_name_id" ON "organisation" ("name", "id")');
    await queryRunner.query('CREATE INDEX "person_name_id" ON "person" ("name", "id")');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."person_name_id"');
    await queryRunner.query('DROP INDEX "public"."organisation_name_id"');
  }
}
