import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14, unconfirmed contacts are reminded: one row per reminder of a cut-over request, with the HMAC of the fresh
 * link it carries (the request's first link stays valid too). Unique per request and ordinal, so two replicas never
 * record the same reminder twice.
 */
export class CutOverReminders1796336531709 implements MigrationInterface {
  name = 'CutOverReminders1796336531709';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "cut_over_reminder" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cut_over_request_id" uuid NOT NULL, "ordinal" integer NOT NULL, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "mailed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "cut_over_reminder_pkey" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "cut_over_reminder_once_per_ordinal" ON "cut_over_reminder"  ("cut_over_request_id", "ordinal") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "cut_over_reminder_token_hash" ON "cut_over_reminder"  ("token_hash") ',
    );
    await queryRunner.query(
      'ALTER TABLE "cut_over_reminder" ADD CONSTRAINT "cut_over_reminder_request_fkey" FOREIGN KEY ("cut_over_request_id") REFERENCES "cut_over_request"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "cut_over_reminder" DROP CONSTRAINT "cut_over_reminder_request_fkey"',
    );
    await queryRunner.query('DROP INDEX "public"."cut_over_reminder_token_hash"');
    await queryRunner.query('DROP INDEX "public"."cut_over_reminder_once_per_ordinal"');
    await queryRunner.query('DROP TABLE "cut_over_reminder"');
  }
}
