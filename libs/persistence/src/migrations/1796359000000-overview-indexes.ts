import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12, the overview of every organisation at a million certificates (apps/api/src/overview/overview-sql.ts):
 * - `certificate_active_not_before` carries what the tallies' correction reads of the few certificates not yet
 *   valid, so they are read from the index alone (822 scattered heap pages at 1M otherwise);
 * - `renewal_case_open_state`: the open renewals counted by state from the index alone;
 * - `certificate_tally_total_before`: the organisations most at risk start from the most expired by their tally.
 */
export class OverviewIndexes1796359000000 implements MigrationInterface {
  name = 'OverviewIndexes1796359000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."certificate_active_not_before"');
    await queryRunner.query(
      'CREATE INDEX "certificate_active_not_before" ON "certificate" ("not_before") ' +
        'INCLUDE ("organisation_id", "not_after", "environment", "identifier_type", "renewal_open") ' +
        "WHERE state = 'active'",
    );
    await queryRunner.query(
      'CREATE INDEX "renewal_case_open_state" ON "renewal_case" ("state") ' +
        "WHERE state NOT IN ('deployments-updated', 'abandoned')",
    );
    await queryRunner.query(
      'CREATE INDEX "certificate_tally_total_before" ON "certificate_tally" ("total_before")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."certificate_tally_total_before"');
    await queryRunner.query('DROP INDEX "public"."renewal_case_open_state"');
    await queryRunner.query('DROP INDEX "public"."certificate_active_not_before"');
    await queryRunner.query(
      'CREATE INDEX "certificate_active_not_before" ON "certificate" ("not_before") WHERE state = \'active\'',
    );
  }
}
