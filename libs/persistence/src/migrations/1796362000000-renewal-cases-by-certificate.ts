import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12, renewal cases at national scale: a certificate's cases of every state, in the order opened, by index. Only the
 * open ones had one (`renewal_case_one_open`), so each look-up of a certificate's cases in any state (the notifier's
 * latest renewal per digest line, a mute's renewal states, the evidence, the cascade of a deleted certificate) read
 * the whole table: 7.6 ms a look-up at 18,908 cases, growing with every closed renewal, ten per digest of ten lines.
 */
export class RenewalCasesByCertificate1796362000000 implements MigrationInterface {
  name = 'RenewalCasesByCertificate1796362000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX "renewal_case_certificate" ON "renewal_case" ("certificate_id", "opened_at")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."renewal_case_certificate"');
  }
}
