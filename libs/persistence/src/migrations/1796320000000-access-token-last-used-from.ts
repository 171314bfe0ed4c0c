import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 13, sessions: where each session and personal token was last used (client address and browser). */
export class AccessTokenLastUsedFrom1796320000000 implements MigrationInterface {
  name = 'AccessTokenLastUsedFrom1796320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "access_token" ADD "last_used_ip" text');
    await queryRunner.query('ALTER TABLE "access_token" ADD "last_used_agent" text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "access_token" DROP COLUMN "last_used_agent"');
    await queryRunner.query('ALTER TABLE "access_token" DROP COLUMN "last_used_ip"');
  }
}
