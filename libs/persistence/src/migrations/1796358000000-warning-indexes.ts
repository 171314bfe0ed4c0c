import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12, the warnings at a million certificates: each per-certificate warning of every organisation is read in
 * notAfter order by a partial index of the certificates in force that raise it (apps/api/src/warnings/
 * ranked-warnings-sql.ts), so the first page reads its rows and no others, from the index alone (notBefore included, for the status). Over the flags the certificate tallies keep
 * (migration 1796316000000-certificate-tallies), and the ETK directory's certificates without a keystore.
 */
const INDEXES: Record<string, string> = {
  certificate_warned_manager_left: 'manager_left',
  certificate_warned_keystore_unknown: 'keystore_unknown',
  certificate_warned_unknown_environment: "environment = 'unknown' AND identifier_type IS NOT NULL",
  certificate_warned_etk_without_keystore: "source = 'etk-depot' AND keystore_id IS NULL",
  // RENEWABLE_NO_RENEWAL: renewable (notBefore too) and no open renewal.
  certificate_warned_without_renewal: 'NOT renewal_open',
};

export class WarningIndexes1796358000000 implements MigrationInterface {
  name = 'WarningIndexes1796358000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, condition] of Object.entries(INDEXES))
      await queryRunner.query(
        `CREATE INDEX "${name}" ON "certificate" ("not_after", "organisation_id", "id") INCLUDE ("not_before") ` +
          `WHERE state = 'active' AND ${condition}`,
      );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of Object.keys(INDEXES)) await queryRunner.query(`DROP INDEX "public"."${name}"`);
  }
}
