import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A rotated webhook secret may stay valid for a while (docs/webhooks.md): the notifier signs with the new secret and,
 * until `previous_secret_until`, with the one it replaced, so receivers can be updated without refusing deliveries.
 */
export class WebhookPreviousSecret1796371000000 implements MigrationInterface {
  name = 'WebhookPreviousSecret1796371000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "webhook_subscription" ADD "previous_secret_ciphertext" text');
    await queryRunner.query(
      'ALTER TABLE "webhook_subscription" ADD "previous_secret_until" TIMESTAMP WITH TIME ZONE',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "webhook_subscription" DROP COLUMN "previous_secret_until"');
    await queryRunner.query('ALTER TABLE "webhook_subscription" DROP COLUMN "previous_secret_ciphertext"');
  }
}
