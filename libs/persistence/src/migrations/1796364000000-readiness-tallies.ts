import type { MigrationInterface, QueryRunner } from 'typeorm';
import { brusselsEpochDay, DEFAULT_READINESS_POLICY, readinessBoundDays } from '@certdesk/domain';

/**
 * Issue 12, the overview's readiness at a million certificates (docs/decisions.md, section 7): per organisation, how
 * many active certificates lie within the digest's horizon and how many of them are ready, kept as the certificate
 * tallies are (migration 1796316000000):
 * - `readiness_tally_epoch` (one row: the Brussels days of the epoch's bounds, and the totals over every organisation)
 *   and `readiness_tally` (per organisation with some, how many are not ready at those bounds), written from scratch by
 *   `readiness_tally_roll`;
 * - `readiness_tally_change`: what each write to `certificate` changed since, inserted by a statement trigger in the
 *   writer's own transaction (inserts only: no writer waits for another). A change row says where the certificates
 *   lie (notAfter's day, and the day its custodian last opened the keystore when its other facts are met), not whether
 *   they count: a roll running beside an open writer cannot see that writer's certificates, and its change rows are
 *   then counted against the new epoch's bounds, not the ones the writer saw.
 * The api reads base + changes at the epoch's bounds, then corrects by the certificates lying between the epoch's
 * bounds and now's (apps/api/src/certificates/readiness/readiness-sql.ts): exact whatever the bounds the roll used, so
 * this migration rolls with the default policy and the notifier's daily scan with the installation's.
 */
export class ReadinessTallies1796364000000 implements MigrationInterface {
  name = 'ReadinessTallies1796364000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "readiness_tally_change" ("organisation_id" uuid NOT NULL, "not_after_day" integer NOT NULL, ' +
        '"ready_from_day" integer, "count" integer NOT NULL)',
    );
    await queryRunner.query(
      'CREATE INDEX "readiness_tally_change_organisation" ON "readiness_tally_change" ("organisation_id")',
    );
    // Only the organisations with some not ready; their index gives the overview's first page.
    await queryRunner.query(
      'CREATE TABLE "readiness_tally" ("organisation_id" uuid NOT NULL PRIMARY KEY, "not_ready" integer NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "readiness_tally_not_ready" ON "readiness_tally" ("not_ready")');
    await queryRunner.query(
      'CREATE TABLE "readiness_tally_epoch" ("one" boolean PRIMARY KEY DEFAULT true CHECK ("one"), ' +
        '"epoch_day" integer NOT NULL, "attested_from_day" integer NOT NULL, "enough_from_day" integer NOT NULL, ' +
        '"horizon_end_day" integer NOT NULL, "not_ready_total" integer NOT NULL, "organisations" integer NOT NULL)',
    );
    // The certificates whose custodian's opening crosses the attestation's bound between the epoch and now are read
    // by this index (the other bounds are notAfter's: certificate_active_not_after_id).
    await queryRunner.query(
      'CREATE INDEX "certificate_active_custody_opened_at" ON "certificate" ("custody_opened_at") ' +
        'INCLUDE ("id", "organisation_id", "not_after", "readiness_facts_met", "keystore_unknown") ' +
        "WHERE state = 'active' AND custody_opened_at IS NOT NULL",
    );

    // Where each active certificate lies: notAfter's Brussels day, and the day it was last opened when its other
    // facts are met (null: never ready, whatever the day).
    const positions = (rows: string, sign: string) =>
      `SELECT organisation_id, certificate_tally_day(not_after) AS not_after_day,
              CASE WHEN readiness_facts_met AND NOT keystore_unknown THEN certificate_tally_day(custody_opened_at) END
                AS ready_from_day,
              ${sign} AS count
         FROM ${rows} WHERE state = 'active'`;
    await queryRunner.query(`
      CREATE FUNCTION readiness_tally_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO readiness_tally_change
          SELECT organisation_id, not_after_day, ready_from_day, sum(count)
            FROM (${positions('new_rows', '1')}) r GROUP BY 1, 2, 3;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO readiness_tally_change
          SELECT organisation_id, not_after_day, ready_from_day, sum(count)
            FROM (${positions('old_rows', '-1')}) r GROUP BY 1, 2, 3;
        ELSE
          INSERT INTO readiness_tally_change
          SELECT organisation_id, not_after_day, ready_from_day, sum(count)
            FROM (${positions('old_rows', '-1')} UNION ALL ${positions('new_rows', '1')}) r
           GROUP BY 1, 2, 3 HAVING sum(count) <> 0;
        END IF;
        RETURN NULL;
      END
      $$`);
    for (const [event, tables] of [
      ['INSERT', 'NEW TABLE AS new_rows'],
      ['UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
      ['DELETE', 'OLD TABLE AS old_rows'],
    ] as const) {
      await queryRunner.query(
        `CREATE TRIGGER readiness_tally_on_${event.toLowerCase()} AFTER ${event} ON certificate ` +
          `REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION readiness_tally_changed()`,
      );
    }
    // No certificate left: nothing counts, whatever the bounds.
    await queryRunner.query(`
      CREATE FUNCTION readiness_tally_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM readiness_tally_change;
        DELETE FROM readiness_tally;
        UPDATE readiness_tally_epoch SET not_ready_total = 0, organisations = 0;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(
      'CREATE TRIGGER readiness_tally_on_truncate AFTER TRUNCATE ON certificate ' +
        'FOR EACH STATEMENT EXECUTE FUNCTION readiness_tally_truncated()',
    );

    // From scratch at the bounds given: one statement, so the changes it deletes are exactly those its snapshot counts
    // anew; changes of transactions still running stay, and add up on top. Rolls are serialised.
    const starts = (day: string) =>
      `((DATE '1970-01-01' + ${day})::timestamp AT TIME ZONE 'Europe/Brussels')`;
    await queryRunner.query(`
      CREATE FUNCTION readiness_tally_roll(epoch integer, attested_from integer, enough_from integer,
                                           horizon_end integer) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('readiness_tally_roll'));
        WITH gone AS (DELETE FROM readiness_tally_change RETURNING 1),
        fresh AS (
          SELECT organisation_id, not_ready FROM (
            SELECT organisation_id,
                   (count(*) - count(*) FILTER (WHERE readiness_facts_met AND NOT keystore_unknown
                                                  AND custody_opened_at >= ${starts('attested_from')}
                                                  AND not_after >= ${starts('enough_from')}))::int AS not_ready
              FROM certificate
             WHERE state = 'active' AND not_after >= ${starts('epoch')} AND not_after < ${starts('horizon_end')}
             GROUP BY organisation_id) c
           WHERE not_ready > 0
        ),
        bounds AS (
          INSERT INTO readiness_tally_epoch (one, epoch_day, attested_from_day, enough_from_day, horizon_end_day,
                                             not_ready_total, organisations)
          SELECT true, epoch, attested_from, enough_from, horizon_end, coalesce(sum(not_ready), 0), count(*)
            FROM fresh
          ON CONFLICT (one) DO UPDATE SET epoch_day = EXCLUDED.epoch_day,
            attested_from_day = EXCLUDED.attested_from_day, enough_from_day = EXCLUDED.enough_from_day,
            horizon_end_day = EXCLUDED.horizon_end_day, not_ready_total = EXCLUDED.not_ready_total,
            organisations = EXCLUDED.organisations
          RETURNING 1
        ),
        upserted AS (
          INSERT INTO readiness_tally SELECT organisation_id, not_ready FROM fresh
          ON CONFLICT (organisation_id) DO UPDATE SET not_ready = EXCLUDED.not_ready
          RETURNING 1
        )
        DELETE FROM readiness_tally t
         WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.organisation_id = t.organisation_id);
      END
      $$`);
    const now = new Date();
    const bounds = readinessBoundDays(now, DEFAULT_READINESS_POLICY);
    await queryRunner.query('SELECT readiness_tally_roll($1, $2, $3, $4)', [
      brusselsEpochDay(now),
      bounds.attestedFromDay,
      bounds.enoughFromDay,
      bounds.horizonEndDay,
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete'])
      await queryRunner.query(`DROP TRIGGER readiness_tally_on_${event} ON certificate`);
    await queryRunner.query('DROP TRIGGER readiness_tally_on_truncate ON certificate');
    await queryRunner.query('DROP FUNCTION readiness_tally_truncated()');
    await queryRunner.query('DROP FUNCTION readiness_tally_roll(integer, integer, integer, integer)');
    await queryRunner.query('DROP FUNCTION readiness_tally_changed()');
    await queryRunner.query('DROP INDEX "public"."certificate_active_custody_opened_at"');
    await queryRunner.query('DROP TABLE "readiness_tally_epoch"');
    await queryRunner.query('DROP TABLE "readiness_tally"');
    await queryRunner.query('DROP TABLE "readiness_tally_change"');
  }
}
