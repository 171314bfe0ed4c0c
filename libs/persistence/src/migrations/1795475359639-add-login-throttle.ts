import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddLoginThrottle1795475359639 implements MigrationInterface {
  name = 'AddLoginThrottle1795475359639';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "login_throttle" ("email" text NOT NULL, "failures" integer NOT NULL, "last_failure_at" TIMESTAMP WITH TIME ZONE NOT NULL, "blocked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ee5faa28448a9c67f4383e2a15a" PRIMARY KEY ("email"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "login_throttle"');
  }
}
