import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 14: the installation's evidence signing key (one row; the private key sealed, never in clear). */
export class EvidenceSigningKey1796333711301 implements MigrationInterface {
  name = 'EvidenceSigningKey1796333711301';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "evidence_signing_key" ("singleton" boolean NOT NULL DEFAULT true, "fingerprint" text NOT NULL, "public_key" text NOT NULL, "private_key_ciphertext" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "evidence_signing_key_singleton" CHECK ("singleton"), CONSTRAINT "PK_evidence_signing_key" PRIMARY KEY ("singleton"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "evidence_signing_key"');
  }
}
