import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CertificateValidityIndexes1795463854134 implements MigrationInterface {
  name = 'CertificateValidityIndexes1795463854134';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."certificate_active_not_after"');
    await queryRunner.query('DROP INDEX "public"."certificate_org_active_not_after"');
    await queryRunner.query(
      'CREATE INDEX "certificate_active_not_after_id" ON "certificate"  ("not_after", "id") WHERE state = \'active\'',
    );
    await queryRunner.query(
      'CREATE INDEX "certificate_org_active_validity" ON "certificate"  ("organisation_id", "not_after", "not_before", "environment") WHERE state = \'active\'',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."certificate_org_active_validity"');
    await queryRunner.query('DROP INDEX "public"."certificate_active_not_after_id"');
    await queryRunner.query(
      'CREATE INDEX "certificate_org_active_not_after" ON "certificate" USING btree ("organisation_id", "not_after") WHERE (state = \'active\'::text)',
    );
    await queryRunner.query(
      'CREATE INDEX "certificate_active_not_after" ON "certificate" USING btree ("not_after") WHERE (state = \'active\'::text)',
    );
  }
}
