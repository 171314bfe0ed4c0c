import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PeopleAndLoginsPerOrganisation1796302705635 implements MigrationInterface {
  name = 'PeopleAndLoginsPerOrganisation1796302705635';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_b4d141bfa95259750b145e77af"');
    await queryRunner.query('DROP INDEX "public"."IDX_3fa909d0e37c531ebc23770339"');
    await queryRunner.query(
      'CREATE INDEX "IDX_b4d141bfa95259750b145e77af" ON "person"  ("ssin") WHERE ssin IS NOT NULL',
    );
    await queryRunner.query('CREATE INDEX "IDX_3fa909d0e37c531ebc23770339" ON "app_user"  ("email") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_3fa909d0e37c531ebc23770339"');
    await queryRunner.query('DROP INDEX "public"."IDX_b4d141bfa95259750b145e77af"');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_3fa909d0e37c531ebc23770339" ON "app_user" USING btree ("email") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_b4d141bfa95259750b145e77af" ON "person" USING btree ("ssin") WHERE (ssin IS NOT NULL)',
    );
  }
}
