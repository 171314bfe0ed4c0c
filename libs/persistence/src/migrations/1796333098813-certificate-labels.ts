import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 13: labels per organisation and the labels on each certificate (docs/decisions.md, labels). */
export class CertificateLabels1796333098813 implements MigrationInterface {
  name = 'CertificateLabels1796333098813';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "label" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "name" text NOT NULL, "key" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5692ac5348861d3776eb5843672" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "label_key" ON "label"  ("key") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_4f7bc95a722ec0ee98bae56af2" ON "label"  ("organisation_id", "key") ',
    );
    await queryRunner.query(
      'CREATE TABLE "certificate_label" ("certificate_id" uuid NOT NULL, "label_id" uuid NOT NULL, CONSTRAINT "PK_2191248512466c77ac0b1d19f3e" PRIMARY KEY ("certificate_id", "label_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "certificate_label_by_label" ON "certificate_label"  ("label_id", "certificate_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "label" ADD CONSTRAINT "FK_368b90ba446b0f5ef1dd56fb751" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "certificate_label" ADD CONSTRAINT "FK_0413c594feeec09ff2355848f34" FOREIGN KEY ("certificate_id") REFERENCES "certificate"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "certificate_label" ADD CONSTRAINT "FK_29a1228abe5776a32cad3b55c28" FOREIGN KEY ("label_id") REFERENCES "label"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "certificate_label" DROP CONSTRAINT "FK_29a1228abe5776a32cad3b55c28"',
    );
    await queryRunner.query(
      'ALTER TABLE "certificate_label" DROP CONSTRAINT "FK_0413c594feeec09ff2355848f34"',
    );
    await queryRunner.query('ALTER TABLE "label" DROP CONSTRAINT "FK_368b90ba446b0f5ef1dd56fb751"');
    await queryRunner.query('DROP INDEX "public"."certificate_label_by_label"');
    await queryRunner.query('DROP TABLE "certificate_label"');
    await queryRunner.query('DROP INDEX "public"."IDX_4f7bc95a722ec0ee98bae56af2"');
    await queryRunner.query('DROP INDEX "public"."label_key"');
    await queryRunner.query('DROP TABLE "label"');
  }
}
