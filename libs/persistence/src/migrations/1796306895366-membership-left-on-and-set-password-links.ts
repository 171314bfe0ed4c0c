import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The day a person left an organisation (membership.left_on; unknown for those who left before), and the one-time
 * set-password links administrators send (only each token's HMAC is stored).
 */
export class MembershipLeftOnAndSetPasswordLinks1796306895366 implements MigrationInterface {
  name = 'MembershipLeftOnAndSetPasswordLinks1796306895366';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "set_password_link" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "mailed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_479a37e0d9e0754cc485a5b6ea6" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_169ee491baaeac408d6a7fe7c0" ON "set_password_link"  ("user_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_5777faa0c5918439c33b0790f0" ON "set_password_link"  ("token_hash") ',
    );
    await queryRunner.query('ALTER TABLE "membership" ADD "left_on" date');
    await queryRunner.query(
      'ALTER TABLE "set_password_link" ADD CONSTRAINT "FK_169ee491baaeac408d6a7fe7c04" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "set_password_link" DROP CONSTRAINT "FK_169ee491baaeac408d6a7fe7c04"',
    );
    await queryRunner.query('ALTER TABLE "membership" DROP COLUMN "left_on"');
    await queryRunner.query('DROP INDEX "public"."IDX_5777faa0c5918439c33b0790f0"');
    await queryRunner.query('DROP INDEX "public"."IDX_169ee491baaeac408d6a7fe7c0"');
    await queryRunner.query('DROP TABLE "set_password_link"');
  }
}
