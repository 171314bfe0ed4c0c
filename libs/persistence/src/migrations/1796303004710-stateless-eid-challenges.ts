import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * eID challenges become stateless (issuing one writes nothing: the nonce carries its expiry and an HMAC), so the
 * table of issued challenges goes; only used nonces are kept, until some time after they expire. Challenges
 * outstanding during the upgrade are lost: they live five minutes, and the dashboard asks for a new one.
 */
export class StatelessEidChallenges1796303004710 implements MigrationInterface {
  name = 'StatelessEidChallenges1796303004710';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "eid_challenge"');
    await queryRunner.query(
      'CREATE TABLE "eid_used_nonce" ("nonce_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_68bd41ce6871331675f4ee79ba3" PRIMARY KEY ("nonce_hash"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_1f82194a8f391bb82e12a1b06c" ON "eid_used_nonce"  ("expires_at") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_1f82194a8f391bb82e12a1b06c"');
    await queryRunner.query('DROP TABLE "eid_used_nonce"');
    await queryRunner.query(
      'CREATE TABLE "eid_challenge" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "nonce_hash" text NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_10c9e327573ec8bc34769bdc8dd" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_99b4f58b23a4c2e0ec6f5ef061" ON "eid_challenge"  ("nonce_hash") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_769bfc7fc096135de6655ad59b" ON "eid_challenge"  ("expires_at") ',
    );
  }
}
