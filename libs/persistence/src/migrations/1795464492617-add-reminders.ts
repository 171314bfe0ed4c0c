import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddReminders1795464492617 implements MigrationInterface {
  name = 'AddReminders1795464492617';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "reminder_run" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "trigger" text NOT NULL, "requested_by_id" uuid, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "counts" jsonb, "error" text, CONSTRAINT "PK_fd5633f8d2586e50711223876bd" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "reminder_run_requested_at" ON "reminder_run"  ("requested_at") ');
    await queryRunner.query(
      'CREATE TABLE "reminder" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "certificate_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "milestone" text NOT NULL, "run_id" uuid, "days_left" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9ec029d17cb8dece186b9221ede" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_fd5633f8d2586e50711223876b" ON "reminder"  ("run_id") ');
    await queryRunner.query(
      'CREATE INDEX "reminder_organisation_created" ON "reminder"  ("organisation_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "reminder_certificate_milestone" ON "reminder"  ("certificate_id", "milestone") ',
    );
    await queryRunner.query(
      'CREATE TABLE "reminder_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reminder_id" uuid NOT NULL, "recipient" text NOT NULL, "kind" text NOT NULL, "state" text NOT NULL DEFAULT \'queued\', "attempts" integer NOT NULL DEFAULT \'0\', "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_attempt_at" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, "message_id" text, "error" text, CONSTRAINT "PK_01366ee1299045ace6fb0c169ee" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "reminder_delivery_queued" ON "reminder_delivery"  ("recipient") WHERE state = \'queued\'',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "reminder_delivery_once" ON "reminder_delivery"  ("reminder_id", "recipient", "kind") ',
    );
    await queryRunner.query(
      'ALTER TABLE "reminder_run" ADD CONSTRAINT "FK_e0b058db06654d33672eaa39734" FOREIGN KEY ("requested_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "reminder" ADD CONSTRAINT "FK_5cf04ed436ee36ae6f522d29f44" FOREIGN KEY ("certificate_id") REFERENCES "certificate"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "reminder" ADD CONSTRAINT "FK_a479d2626d8543c7100e28ce6fd" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "reminder" ADD CONSTRAINT "FK_fd5633f8d2586e50711223876bd" FOREIGN KEY ("run_id") REFERENCES "reminder_run"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "reminder_delivery" ADD CONSTRAINT "FK_b16a959051c61cbfaa5d18dbbe5" FOREIGN KEY ("reminder_id") REFERENCES "reminder"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "reminder_delivery" DROP CONSTRAINT "FK_b16a959051c61cbfaa5d18dbbe5"',
    );
    await queryRunner.query('ALTER TABLE "reminder" DROP CONSTRAINT "FK_fd5633f8d2586e50711223876bd"');
    await queryRunner.query('ALTER TABLE "reminder" DROP CONSTRAINT "FK_a479d2626d8543c7100e28ce6fd"');
    await queryRunner.query('ALTER TABLE "reminder" DROP CONSTRAINT "FK_5cf04ed436ee36ae6f522d29f44"');
    await queryRunner.query('ALTER TABLE "reminder_run" DROP CONSTRAINT "FK_e0b058db06654d33672eaa39734"');
    await queryRunner.query('DROP INDEX "public"."reminder_delivery_once"');
    await queryRunner.query('DROP INDEX "public"."reminder_delivery_queued"');
    await queryRunner.query('DROP TABLE "reminder_delivery"');
    await queryRunner.query('DROP INDEX "public"."reminder_certificate_milestone"');
    await queryRunner.query('DROP INDEX "public"."reminder_organisation_created"');
    await queryRunner.query('DROP INDEX "public"."IDX_fd5633f8d2586e50711223876b"');
    await queryRunner.query('DROP TABLE "reminder"');
    await queryRunner.query('DROP INDEX "public"."reminder_run_requested_at"');
    await queryRunner.query('DROP TABLE "reminder_run"');
  }
}
