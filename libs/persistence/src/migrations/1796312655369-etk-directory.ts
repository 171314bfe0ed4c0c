import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: what the ETK directory publishes for each organisation (etk_publication), how its discoveries went
 * (etk_discovery_state), and where each certificate came from (certificate.source: import, etk-depot, card-bridge).
 */
export class EtkDirectory1796312655369 implements MigrationInterface {
  name = 'EtkDirectory1796312655369';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "etk_discovery_state" ("organisation_id" uuid NOT NULL, "last_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_success_at" TIMESTAMP WITH TIME ZONE, "last_trigger" text NOT NULL, "failure_code" text, "failure_message" text, "failed_at" TIMESTAMP WITH TIME ZONE, "consecutive_failures" integer NOT NULL DEFAULT \'0\', CONSTRAINT "PK_d40dc0c72f87b9ce2fafb99f172" PRIMARY KEY ("organisation_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "etk_publication" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "identifier_type" text NOT NULL, "identifier_value" text NOT NULL, "application_id" text, "environment" text NOT NULL, "encryption_serial_number" text NOT NULL, "encryption_alias" text NOT NULL, "encryption_fingerprint" text NOT NULL, "encryption_not_after" TIMESTAMP WITH TIME ZONE NOT NULL, "authentication_serial_number" text NOT NULL, "authentication_fingerprint" text NOT NULL, "authentication_not_after" TIMESTAMP WITH TIME ZONE NOT NULL, "certificate_id" uuid, "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "withdrawn_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_fa13ec5b576807f33a6c1726861" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_9bc7c9065087d4c1852e55b123" ON "etk_publication"  ("authentication_fingerprint") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_d48f5c8f15eb102619ce102ec3" ON "etk_publication"  ("certificate_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_515e8900a94f9c2244967c4137" ON "etk_publication"  ("organisation_id", "environment", "encryption_fingerprint") ',
    );
    await queryRunner.query('ALTER TABLE "certificate" ADD "source" text NOT NULL DEFAULT \'import\'');
    await queryRunner.query(
      'ALTER TABLE "etk_discovery_state" ADD CONSTRAINT "FK_d40dc0c72f87b9ce2fafb99f172" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "etk_publication" ADD CONSTRAINT "FK_7841836fd0827fc706748a9016d" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "etk_publication" ADD CONSTRAINT "FK_d48f5c8f15eb102619ce102ec3a" FOREIGN KEY ("certificate_id") REFERENCES "certificate"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "etk_publication" DROP CONSTRAINT "FK_d48f5c8f15eb102619ce102ec3a"');
    await queryRunner.query('ALTER TABLE "etk_publication" DROP CONSTRAINT "FK_7841836fd0827fc706748a9016d"');
    await queryRunner.query(
      'ALTER TABLE "etk_discovery_state" DROP CONSTRAINT "FK_d40dc0c72f87b9ce2fafb99f172"',
    );
    await queryRunner.query('ALTER TABLE "certificate" DROP COLUMN "source"');
    await queryRunner.query('DROP INDEX "public"."IDX_515e8900a94f9c2244967c4137"');
    await queryRunner.query('DROP INDEX "public"."IDX_d48f5c8f15eb102619ce102ec3"');
    await queryRunner.query('DROP INDEX "public"."IDX_9bc7c9065087d4c1852e55b123"');
    await queryRunner.query('DROP TABLE "etk_publication"');
    await queryRunner.query('DROP TABLE "etk_discovery_state"');
  }
}
