import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: webhook subscriptions (per organisation, or installation-wide with no organisation), their deliveries
 * (one per event and subscription, the `webhook-id`) and each delivery's attempts.
 */
export class Webhooks1796316370924 implements MigrationInterface {
  name = 'Webhooks1796316370924';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "webhook_subscription" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid, "name" text NOT NULL, "url" text NOT NULL, "format" text NOT NULL, "events" text array NOT NULL, "language" text, "secret_ciphertext" text NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "disabled_reason" text, "disabled_at" TIMESTAMP WITH TIME ZONE, "consecutive_failures" integer NOT NULL DEFAULT \'0\', "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b52cb4811c5ada4f42896c37ba8" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_3bda5bf0277f0cdeef11515fc5" ON "webhook_subscription"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "webhook_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "subscription_id" uuid NOT NULL, "organisation_id" uuid, "event_type" text NOT NULL, "source" text NOT NULL, "payload" jsonb NOT NULL, "state" text NOT NULL DEFAULT \'pending\', "attempts" integer NOT NULL DEFAULT \'0\', "last_status_code" integer, "last_error" text, "last_attempt_at" TIMESTAMP WITH TIME ZONE, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b1ae290239a778f12399db91354" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_cfcc556f29e721d477abc8128d" ON "webhook_delivery"  ("subscription_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_4818587d90811a7fd1837849fa" ON "webhook_delivery"  ("subscription_id", "source") ',
    );
    await queryRunner.query(
      'CREATE TABLE "webhook_delivery_attempt" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "delivery_id" uuid NOT NULL, "attempt" integer NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "duration_ms" integer NOT NULL, "status_code" integer, "error" text, "response_excerpt" text, CONSTRAINT "PK_e6efad829bd07e78a18fd0ad5d5" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_ed797bc562425ee61fc52b50af" ON "webhook_delivery_attempt"  ("delivery_id", "attempt") ',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_subscription" ADD CONSTRAINT "FK_3bda5bf0277f0cdeef11515fc50" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_delivery" ADD CONSTRAINT "FK_236a6a1218756223393d1fb5acc" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscription"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_delivery_attempt" ADD CONSTRAINT "FK_d6b1ad59ea81fa8680d8e7cab82" FOREIGN KEY ("delivery_id") REFERENCES "webhook_delivery"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "webhook_delivery_attempt" DROP CONSTRAINT "FK_d6b1ad59ea81fa8680d8e7cab82"',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_delivery" DROP CONSTRAINT "FK_236a6a1218756223393d1fb5acc"',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_subscription" DROP CONSTRAINT "FK_3bda5bf0277f0cdeef11515fc50"',
    );
    await queryRunner.query('DROP INDEX "public"."IDX_ed797bc562425ee61fc52b50af"');
    await queryRunner.query('DROP TABLE "webhook_delivery_attempt"');
    await queryRunner.query('DROP INDEX "public"."IDX_4818587d90811a7fd1837849fa"');
    await queryRunner.query('DROP INDEX "public"."IDX_cfcc556f29e721d477abc8128d"');
    await queryRunner.query('DROP TABLE "webhook_delivery"');
    await queryRunner.query('DROP INDEX "public"."IDX_3bda5bf0277f0cdeef11515fc5"');
    await queryRunner.query('DROP TABLE "webhook_subscription"');
  }
}
