import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13, mute with a reason: the mute table (a certificate's reminders or one warning, until an end date), one
 * not unmuted per target (NULLs compare equal: an organisation-level warning has no certificate), and on each
 * reminder the mute in force when it was due.
 */
export class Mutes1796333220557 implements MigrationInterface {
  name = 'Mutes1796333220557';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "mute" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "certificate_id" uuid, "warning_code" text, "reason" text NOT NULL, "note" text, "replaced_by_certificate_id" uuid, "end_date" date NOT NULL, "until" TIMESTAMP WITH TIME ZONE NOT NULL, "muted_by_id" uuid, "muted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "unmuted_at" TIMESTAMP WITH TIME ZONE, "unmuted_by_id" uuid, CONSTRAINT "PK_35784f3fa6b4281e0fb16d6d7fc" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "mute_certificate" ON "mute"  ("certificate_id") WHERE unmuted_at IS NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "mute_one_per_target" ON "mute" ("organisation_id", "certificate_id", "warning_code") NULLS NOT DISTINCT WHERE unmuted_at IS NULL',
    );
    await queryRunner.query('ALTER TABLE "reminder" ADD "mute_id" uuid');
    await queryRunner.query(
      'ALTER TABLE "mute" ADD CONSTRAINT "FK_7cead1cb31f6495c33abae1dcee" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "mute" ADD CONSTRAINT "FK_3bc7648a0592f6fa9bf498157b5" FOREIGN KEY ("certificate_id") REFERENCES "certificate"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "mute" ADD CONSTRAINT "FK_a26b4d6fee3ec481bd1454b52a0" FOREIGN KEY ("replaced_by_certificate_id") REFERENCES "certificate"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "mute" ADD CONSTRAINT "FK_da3b31ee352073791b674bed95b" FOREIGN KEY ("muted_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "mute" ADD CONSTRAINT "FK_7efa7f03fdaad5c1572e1a8c7ad" FOREIGN KEY ("unmuted_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "reminder" ADD CONSTRAINT "FK_6cd73da42f6eca832b3e47b8396" FOREIGN KEY ("mute_id") REFERENCES "mute"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "reminder" DROP CONSTRAINT "FK_6cd73da42f6eca832b3e47b8396"');
    await queryRunner.query('ALTER TABLE "reminder" DROP COLUMN "mute_id"');
    await queryRunner.query('DROP TABLE "mute"');
  }
}
