import { X509Certificate } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14, renewal readiness: the password custodians' custody checks (`custody_attestation`), and the eID
 * certificates people used with Certdesk (`person_eid_certificate`), filled here from the handover signatures
 * already recorded (the eID log-ins before this one were not kept).
 */
export class CustodyAttestationsAndEidCertificates1796333191987 implements MigrationInterface {
  name = 'CustodyAttestationsAndEidCertificates1796333191987';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "custody_attestation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "certificate_id" uuid NOT NULL, "person_id" uuid NOT NULL, "submitted_by_id" uuid, "outcome" text NOT NULL, "failure" text, "checked_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "keystore_certificate_fingerprints" text array NOT NULL DEFAULT \'{}\', "etk_public_key_fingerprint" text, CONSTRAINT "PK_bcefb1696e2c428cb114022ffe0" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_7187e3fc63f7895c832d3bd4de" ON "custody_attestation"  ("certificate_id", "person_id", "checked_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "person_eid_certificate" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "certificate_sha256" text NOT NULL, "not_after" TIMESTAMP WITH TIME ZONE NOT NULL, "seen_via" text NOT NULL, "seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d02d80630f2fc8a5cf811059b2f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_161b28a75a96a4441a20ca96c5" ON "person_eid_certificate"  ("person_id", "certificate_sha256") ',
    );
    await queryRunner.query(
      'ALTER TABLE "custody_attestation" ADD CONSTRAINT "FK_ca7b5708d6a3c09f7b5d5f04a2d" FOREIGN KEY ("certificate_id") REFERENCES "certificate"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "custody_attestation" ADD CONSTRAINT "FK_b7e6a11dcb572ecb8c2a48c630a" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "custody_attestation" ADD CONSTRAINT "FK_e70f143ec450a0ed88ef29956c4" FOREIGN KEY ("submitted_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "person_eid_certificate" ADD CONSTRAINT "FK_6c9ae11b798daed3a9daaf4c2e0" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await this.recordHandoverSigners(queryRunner);
  }

  private async recordHandoverSigners(queryRunner: QueryRunner): Promise<void> {
    const signatures: { person_id: string; der: Buffer; sha256: string; signed_at: Date }[] =
      await queryRunner.query(
        'SELECT signer_person_id AS person_id, certificate_der AS der, certificate_sha256 AS sha256, signed_at ' +
          'FROM handover_signature',
      );
    for (const s of signatures) {
      const notAfter = new Date(new X509Certificate(s.der).validTo);
      await queryRunner.query(
        'INSERT INTO person_eid_certificate (person_id, certificate_sha256, not_after, seen_via, seen_at) ' +
          "VALUES ($1, $2, $3, 'handover-signature', $4) " +
          'ON CONFLICT (person_id, certificate_sha256) DO UPDATE SET seen_at = GREATEST(person_eid_certificate.seen_at, EXCLUDED.seen_at)',
        [s.person_id, s.sha256, notAfter, s.signed_at],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "person_eid_certificate" DROP CONSTRAINT "FK_6c9ae11b798daed3a9daaf4c2e0"',
    );
    await queryRunner.query(
      'ALTER TABLE "custody_attestation" DROP CONSTRAINT "FK_e70f143ec450a0ed88ef29956c4"',
    );
    await queryRunner.query(
      'ALTER TABLE "custody_attestation" DROP CONSTRAINT "FK_b7e6a11dcb572ecb8c2a48c630a"',
    );
    await queryRunner.query(
      'ALTER TABLE "custody_attestation" DROP CONSTRAINT "FK_ca7b5708d6a3c09f7b5d5f04a2d"',
    );
    await queryRunner.query('DROP INDEX "public"."IDX_161b28a75a96a4441a20ca96c5"');
    await queryRunner.query('DROP TABLE "person_eid_certificate"');
    await queryRunner.query('DROP INDEX "public"."IDX_7187e3fc63f7895c832d3bd4de"');
    await queryRunner.query('DROP TABLE "custody_attestation"');
  }
}
