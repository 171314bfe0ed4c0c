import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisations and people are listed by name. In the database's own collation that order is the installation's
 * (C.UTF-8 puts every capital before every small letter, and "École" after "Zone"); in ICU's root collation it is the
 * order people read, the same on every server and in the dashboard (the browser's Intl.Collator). Postgres rebuilds
 * the `(name, id)` indexes the pages follow, so a page after a name compares as the index is ordered.
 */
export class NamesInNaturalOrder1796370000000 implements MigrationInterface {
  name = 'NamesInNaturalOrder1796370000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "organisation" ALTER COLUMN "name" TYPE text COLLATE "und-x-icu"');
    await queryRunner.query('ALTER TABLE "person" ALTER COLUMN "name" TYPE text COLLATE "und-x-icu"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "person" ALTER COLUMN "name" TYPE text COLLATE pg_catalog."default"',
    );
    await queryRunner.query(
      'ALTER TABLE "organisation" ALTER COLUMN "name" TYPE text COLLATE pg_catalog."default"',
    );
  }
}
