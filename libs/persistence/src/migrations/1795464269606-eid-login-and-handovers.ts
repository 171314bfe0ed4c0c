import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EidLoginAndHandovers1795464269606 implements MigrationInterface {
  name = 'EidLoginAndHandovers1795464269606';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "eid_challenge" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "nonce_hash" text NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_10c9e327573ec8bc34769bdc8dd" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_99b4f58b23a4c2e0ec6f5ef061" ON "eid_challenge"  ("nonce_hash") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_769bfc7fc096135de6655ad59b" ON "eid_challenge"  ("expires_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "handover" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "from_person_id" uuid NOT NULL, "to_person_id" uuid NOT NULL, "outgoing_signer_role" text NOT NULL, "outgoing_signer_id" uuid NOT NULL, "reason" text NOT NULL, "document" text NOT NULL, "state" text NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "opened_by_id" uuid, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancel_reason" text, CONSTRAINT "PK_15e64c0391cf9fb9278f297691f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_7c39019e910364bcf8faf797ef" ON "handover"  ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "handover_certificate" ("handover_id" uuid NOT NULL, "certificate_id" uuid NOT NULL, "revoke_and_request_again" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_ce117db340c694a0132e55a76d8" PRIMARY KEY ("handover_id", "certificate_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_80a29399aafbd56fce8ed8c610" ON "handover_certificate"  ("certificate_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "handover_signature" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "handover_id" uuid NOT NULL, "role" text NOT NULL, "signer_person_id" uuid NOT NULL, "digest_algorithm" text NOT NULL, "signature_algorithm" text NOT NULL, "signature" bytea NOT NULL, "signature_sha256" text NOT NULL, "certificate_der" bytea NOT NULL, "certificate_sha256" text NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "submitted_by_id" uuid, CONSTRAINT "PK_827ec95e3550ef7ce017f258744" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_681b534fd00efd80d66d332dd3" ON "handover_signature"  ("signature_sha256") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_1ede7fc893f6892f6c43cd97e8" ON "handover_signature"  ("handover_id", "role") ',
    );
    await queryRunner.query(
      'ALTER TABLE "handover" ADD CONSTRAINT "FK_7c39019e910364bcf8faf797ef5" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "handover" ADD CONSTRAINT "FK_6d1b426c9186cb1bc2366c4bf0b" FOREIGN KEY ("from_person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "handover" ADD CONSTRAINT "FK_a3caf192c458161ee153da950ef" FOREIGN KEY ("to_person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "handover" ADD CONSTRAINT "FK_16afe3a1d69a075aadbb21573e1" FOREIGN KEY ("outgoing_signer_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "handover" ADD CONSTRAINT "FK_d1ce9ed48b3d8996231f11fdcbd" FOREIGN KEY ("opened_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "handover_certificate" ADD CONSTRAINT "FK_8a5065cb2c4d5544d6dbd46961e" FOREIGN KEY ("handover_id") REFERENCES "handover"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "handover_certificate" ADD CONSTRAINT "FK_80a29399aafbd56fce8ed8c610d" FOREIGN KEY ("certificate_id") REFERENCES "certificate"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "handover_signature" ADD CONSTRAINT "FK_03b3b310b815a51f8ab11cca4cc" FOREIGN KEY ("handover_id") REFERENCES "handover"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "handover_signature" ADD CONSTRAINT "FK_51321a42abc1c2b604cc8eba5dd" FOREIGN KEY ("signer_person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "handover_signature" ADD CONSTRAINT "FK_e4611ca81b34a348ca99e29d357" FOREIGN KEY ("submitted_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "handover_signature" DROP CONSTRAINT "FK_e4611ca81b34a348ca99e29d357"',
    );
    await queryRunner.query(
      'ALTER TABLE "handover_signature" DROP CONSTRAINT "FK_51321a42abc1c2b604cc8eba5dd"',
    );
    await queryRunner.query(
      'ALTER TABLE "handover_signature" DROP CONSTRAINT "FK_03b3b310b815a51f8ab11cca4cc"',
    );
    await queryRunner.query(
      'ALTER TABLE "handover_certificate" DROP CONSTRAINT "FK_80a29399aafbd56fce8ed8c610d"',
    );
    await queryRunner.query(
      'ALTER TABLE "handover_certificate" DROP CONSTRAINT "FK_8a5065cb2c4d5544d6dbd46961e"',
    );
    await queryRunner.query('ALTER TABLE "handover" DROP CONSTRAINT "FK_d1ce9ed48b3d8996231f11fdcbd"');
    await queryRunner.query('ALTER TABLE "handover" DROP CONSTRAINT "FK_16afe3a1d69a075aadbb21573e1"');
    await queryRunner.query('ALTER TABLE "handover" DROP CONSTRAINT "FK_a3caf192c458161ee153da950ef"');
    await queryRunner.query('ALTER TABLE "handover" DROP CONSTRAINT "FK_6d1b426c9186cb1bc2366c4bf0b"');
    await queryRunner.query('ALTER TABLE "handover" DROP CONSTRAINT "FK_7c39019e910364bcf8faf797ef5"');
    await queryRunner.query('DROP INDEX "public"."IDX_1ede7fc893f6892f6c43cd97e8"');
    await queryRunner.query('DROP INDEX "public"."IDX_681b534fd00efd80d66d332dd3"');
    await queryRunner.query('DROP TABLE "handover_signature"');
    await queryRunner.query('DROP INDEX "public"."IDX_80a29399aafbd56fce8ed8c610"');
    await queryRunner.query('DROP TABLE "handover_certificate"');
    await queryRunner.query('DROP INDEX "public"."IDX_7c39019e910364bcf8faf797ef"');
    await queryRunner.query('DROP TABLE "handover"');
    await queryRunner.query('DROP INDEX "public"."IDX_769bfc7fc096135de6655ad59b"');
    await queryRunner.query('DROP INDEX "public"."IDX_99b4f58b23a4c2e0ec6f5ef061"');
    await queryRunner.query('DROP TABLE "eid_challenge"');
  }
}
