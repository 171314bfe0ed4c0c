import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12, the overview's readiness at a million certificates: the active certificates in notAfter order now carry
 * what the readiness of those within the horizon is decided on (organisation, manager, password custodian, keystore
 * flag), so the overview counts them from the index alone (114,000 of them at national scale) and joins the facts
 * to them as sets (apps/api/src/certificates/readiness/readiness-sql.ts). The same index, wider: no new index on the
 * import's write path. INCLUDE, which TypeORM cannot declare: the entity names it without synchronising it.
 */
export class ReadinessCovering1796361000000 implements MigrationInterface {
  name = 'ReadinessCovering1796361000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."certificate_active_not_after_id"');
    await queryRunner.query(
      'CREATE INDEX "certificate_active_not_after_id" ON "certificate" ("not_after", "id") ' +
        'INCLUDE ("organisation_id", "manager_id", "password_custodian_id", "keystore_unknown") ' +
        "WHERE state = 'active'",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."certificate_active_not_after_id"');
    await queryRunner.query(
      'CREATE INDEX "certificate_active_not_after_id" ON "certificate" ("not_after", "id") WHERE state = \'active\'',
    );
  }
}
