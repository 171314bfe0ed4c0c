import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12, the import: an import looks up, per identity (identifier type and value, application ID, environment),
 * the organisation's active certificates it renews or is renewed by (apps/api/src/certificates/import/
 * renewal-supersession.ts). Without this index each batch of 1,000 compared every identity with every active
 * certificate of the organisation: 2 s for 3,000, growing with the organisation. One array of the organisation and the
 * four: array equality holds NULL equal to NULL (a certificate without application ID), as the look-up needs, and no
 * other index answers it, so the planner takes this one even when its statistics think the organisation empty.
 */
export class CertificateActiveIdentity1796360000000 implements MigrationInterface {
  name = 'CertificateActiveIdentity1796360000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "certificate_active_identity" ON "certificate" ` +
        `((ARRAY["organisation_id"::text, "identifier_type", "identifier_value", "application_id", "environment"])) ` +
        `WHERE state = 'active'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."certificate_active_identity"');
  }
}
