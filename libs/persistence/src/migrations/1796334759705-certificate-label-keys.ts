import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: each certificate's label keys beside certificate_label, with a GIN index, for the list's label filter.
 * Through the join table, Postgres could not estimate a label's share of the certificates and walked the whole
 * expiry order for a rare one (docs/decisions.md, labels).
 */
export class CertificateLabelKeys1796334759705 implements MigrationInterface {
  name = 'CertificateLabelKeys1796334759705';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "certificate" ADD "label_keys" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `UPDATE certificate c SET label_keys = k.keys
         FROM (SELECT cl.certificate_id, array_agg(l.key ORDER BY l.key) AS keys
                 FROM certificate_label cl JOIN label l ON l.id = cl.label_id GROUP BY cl.certificate_id) k
        WHERE k.certificate_id = c.id`,
    );
    await queryRunner.query(
      'CREATE INDEX "certificate_label_keys_gin" ON "certificate" USING gin ("label_keys")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."certificate_label_keys_gin"');
    await queryRunner.query('ALTER TABLE "certificate" DROP COLUMN "label_keys"');
  }
}
