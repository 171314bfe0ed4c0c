import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CertificateCoveringIndex1795465368431 implements MigrationInterface {
  name = 'CertificateCoveringIndex1795465368431';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."certificate_org_active_validity"');
    await queryRunner.query(
      'CREATE INDEX "certificate_org_active_covering" ON "certificate"  ("organisation_id", "not_after", "not_before", "environment", "manager_id", "keystore_id", "identifier_type", "identifier_value", "id") WHERE state = \'active\'',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."certificate_org_active_covering"');
    await queryRunner.query(
      'CREATE INDEX "certificate_org_active_validity" ON "certificate" USING btree ("organisation_id", "not_after", "not_before", "environment") WHERE (state = \'active\'::text)',
    );
  }
}
