import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12, a million certificates on one machine:
 * - `certificate.manager_left`, `keystore_unknown`, `renewal_open`: what the warnings check, kept on the row by
 *   triggers (the certificate's own BEFORE trigger, and its membership, keystore and renewal cases' AFTER triggers), so
 *   counting and ordering them needs no join;
 * - `certificate_tally` (per organisation, relative to an epoch day) and `certificate_day_tally` (per Brussels day of
 *   notAfter, every organisation), written by `certificate_tally_roll(day)` from scratch, plus
 *   `certificate_tally_change`: what each write to `certificate` changed since, inserted by a statement trigger in the
 *   writer's own transaction (inserts only: no row lock, so no writer waits for another). The api reads base + changes
 *   and corrects for the time since the epoch (docs/performance.md, apps/api/src/overview/certificate-tallies-sql.ts);
 * - pg_trgm and a trigram index for the list's `q`; an index on notBefore for the few not yet valid.
 * The open renewal states are those of the existing `renewal_case_one_open` index, and the natural persons' identifier
 * types those of libs/domain (EHEALTH_IDENTIFIER_TYPES): apps/api/test/certificate-tallies.test.ts checks both.
 */
export class CertificateTallies1796316000000 implements MigrationInterface {
  name = 'CertificateTallies1796316000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    // `q` matches the subject, the identifier value or the holder's name: one text with line feeds between them
    // (q is single-line, so a match never spans two of them). certificate-list-sql.ts writes the same expression.
    await queryRunner.query(
      `CREATE INDEX "certificate_search_trgm" ON "certificate" USING gin ` +
        `((subject || E'\\n' || coalesce(identifier_value, '') || E'\\n' || coalesce(holder_name, '')) gin_trgm_ops)`,
    );
    await queryRunner.query(
      'CREATE INDEX "certificate_active_not_before" ON "certificate" ("not_before") WHERE state = \'active\'',
    );

    await queryRunner.query(
      'ALTER TABLE "certificate" ADD "manager_left" boolean NOT NULL DEFAULT false, ' +
        'ADD "keystore_unknown" boolean NOT NULL DEFAULT true, ADD "renewal_open" boolean NOT NULL DEFAULT false',
    );
    await queryRunner.query(`UPDATE certificate c SET
        manager_left = ${MANAGER_LEFT('c')}, keystore_unknown = ${KEYSTORE_UNKNOWN('c')},
        renewal_open = ${RENEWAL_OPEN('c')}`);

    await queryRunner.query(`
      CREATE FUNCTION certificate_flags() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.manager_left := ${MANAGER_LEFT('NEW')};
        NEW.keystore_unknown := ${KEYSTORE_UNKNOWN('NEW')};
        -- A new certificate has no renewal case yet (they reference it).
        NEW.renewal_open := TG_OP = 'UPDATE' AND ${RENEWAL_OPEN('NEW')};
        RETURN NEW;
      END
      $$`);
    await queryRunner.query(
      'CREATE TRIGGER certificate_flags_on_insert BEFORE INSERT ON certificate ' +
        'FOR EACH ROW EXECUTE FUNCTION certificate_flags()',
    );
    await queryRunner.query(`
      CREATE TRIGGER certificate_flags_on_update BEFORE UPDATE ON certificate FOR EACH ROW
      WHEN (OLD.manager_id IS DISTINCT FROM NEW.manager_id OR OLD.keystore_id IS DISTINCT FROM NEW.keystore_id
            OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id OR OLD.manager_left <> NEW.manager_left
            OR OLD.keystore_unknown <> NEW.keystore_unknown OR OLD.renewal_open <> NEW.renewal_open)
      EXECUTE FUNCTION certificate_flags()`);

    // The related rows: each touches only the certificates whose flag changes (their BEFORE trigger recomputes it).
    await queryRunner.query(`
      CREATE FUNCTION membership_sets_manager_left() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          UPDATE certificate c SET manager_left = NOT c.manager_left
           WHERE c.manager_id = OLD.person_id AND c.organisation_id = OLD.organisation_id
             AND c.manager_left IS DISTINCT FROM ${MANAGER_LEFT('c')};
        END IF;
        IF TG_OP <> 'DELETE' THEN
          UPDATE certificate c SET manager_left = NOT c.manager_left
           WHERE c.manager_id = NEW.person_id AND c.organisation_id = NEW.organisation_id
             AND c.manager_left IS DISTINCT FROM ${MANAGER_LEFT('c')};
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(
      'CREATE TRIGGER membership_sets_manager_left AFTER INSERT OR DELETE OR UPDATE OF employed, person_id, ' +
        'organisation_id ON membership FOR EACH ROW EXECUTE FUNCTION membership_sets_manager_left()',
    );
    await queryRunner.query(`
      CREATE FUNCTION keystore_sets_keystore_unknown() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE certificate c SET keystore_unknown = NOT c.keystore_unknown
         WHERE c.keystore_id = NEW.id AND c.keystore_unknown IS DISTINCT FROM ${KEYSTORE_UNKNOWN('c')};
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(
      'CREATE TRIGGER keystore_sets_keystore_unknown AFTER UPDATE OF host, path ON keystore ' +
        'FOR EACH ROW EXECUTE FUNCTION keystore_sets_keystore_unknown()',
    );
    await queryRunner.query(`
      CREATE FUNCTION renewal_case_sets_renewal_open() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE certificate c SET renewal_open = NOT c.renewal_open
         WHERE c.id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.certificate_id END,
                        CASE WHEN TG_OP <> 'DELETE' THEN NEW.certificate_id END)
           AND c.renewal_open IS DISTINCT FROM ${RENEWAL_OPEN('c')};
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(
      'CREATE TRIGGER renewal_case_sets_renewal_open AFTER INSERT OR DELETE OR UPDATE OF state, certificate_id ' +
        'ON renewal_case FOR EACH ROW EXECUTE FUNCTION renewal_case_sets_renewal_open()',
    );

    // The Brussels calendar day of an instant, as days since 1970-01-01 (libs/domain brusselsEpochDay).
    await queryRunner.query(`
      CREATE FUNCTION certificate_tally_day(instant timestamptz) RETURNS int LANGUAGE sql STABLE PARALLEL SAFE AS
      $$ SELECT ((instant AT TIME ZONE 'Europe/Brussels')::date - DATE '1970-01-01') $$`);
    await queryRunner.query(
      `CREATE TABLE "certificate_tally_change" ("organisation_id" uuid NOT NULL, "day" integer NOT NULL, ` +
        `${MEASURE_NAMES.map((m) => `"${m}" integer NOT NULL`).join(', ')})`,
    );
    await queryRunner.query(
      'CREATE INDEX "certificate_tally_change_organisation" ON "certificate_tally_change" ("organisation_id")',
    );
    await queryRunner.query(
      `CREATE TABLE "certificate_tally" ("organisation_id" uuid NOT NULL PRIMARY KEY, "epoch_day" integer NOT NULL, ` +
        `${MEASURE_NAMES.flatMap((m) => PARTS.map((p) => `"${m}_${p}" integer NOT NULL`)).join(', ')})`,
    );
    await queryRunner.query(
      'CREATE TABLE "certificate_day_tally" ("day" integer NOT NULL PRIMARY KEY, "total" integer NOT NULL)',
    );

    const contributions = (rows: string, sign: string) =>
      `SELECT organisation_id, certificate_tally_day(not_after) AS day, ${MEASURE_NAMES.map(
        (m) => `CASE WHEN ${MEASURES[m]} THEN ${sign} ELSE 0 END AS ${m}`,
      ).join(', ')} FROM ${rows} WHERE state = 'active'`;
    await queryRunner.query(`
      CREATE FUNCTION certificate_tally_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO certificate_tally_change
          SELECT organisation_id, day, ${MEASURE_NAMES.map((m) => `sum(${m})`).join(', ')}
            FROM (${contributions('new_rows', '1')}) r GROUP BY 1, 2;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO certificate_tally_change
          SELECT organisation_id, day, ${MEASURE_NAMES.map((m) => `sum(${m})`).join(', ')}
            FROM (${contributions('old_rows', '-1')}) r GROUP BY 1, 2;
        ELSE
          INSERT INTO certificate_tally_change
          SELECT organisation_id, day, ${MEASURE_NAMES.map((m) => `sum(${m})`).join(', ')}
            FROM (${contributions('old_rows', '-1')} UNION ALL ${contributions('new_rows', '1')}) r
           GROUP BY 1, 2
          HAVING ${MEASURE_NAMES.map((m) => `sum(${m}) <> 0`).join(' OR ')};
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
        `CREATE TRIGGER certificate_tally_on_${event.toLowerCase()} AFTER ${event} ON certificate ` +
          `REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION certificate_tally_changed()`,
      );
    }

    await queryRunner.query(`
      CREATE FUNCTION certificate_tally_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM certificate_tally_change;
        DELETE FROM certificate_tally;
        DELETE FROM certificate_day_tally;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(
      'CREATE TRIGGER certificate_tally_on_truncate AFTER TRUNCATE ON certificate ' +
        'FOR EACH STATEMENT EXECUTE FUNCTION certificate_tally_truncated()',
    );

    // From scratch, as of Brussels day `epoch`: one statement, so the changes it deletes are exactly those its
    // snapshot counts anew; changes of transactions still running stay, and add up on top. Rolls are serialised.
    const sums = (part: (typeof PARTS)[number], m: string) =>
      `coalesce(sum(${m}) FILTER (WHERE ${PART_CONDITION[part]}), 0)::int`;
    await queryRunner.query(`
      CREATE FUNCTION certificate_tally_roll(epoch integer) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('certificate_tally_roll'));
        WITH gone AS (DELETE FROM certificate_tally_change RETURNING 1),
        per_day AS (
          SELECT organisation_id, day, ${MEASURE_NAMES.map((m) => `count(*) FILTER (WHERE ${m})::int AS ${m}`).join(', ')}
            FROM (SELECT organisation_id, certificate_tally_day(not_after) AS day,
                         ${MEASURE_NAMES.map((m) => `${MEASURES[m]} AS ${m}`).join(', ')}
                    FROM certificate WHERE state = 'active') c
           GROUP BY organisation_id, day
        ),
        fresh AS (
          SELECT organisation_id, ${MEASURE_NAMES.flatMap((m) => PARTS.map((p) => `${sums(p, m)} AS ${m}_${p}`)).join(', ')}
            FROM per_day GROUP BY organisation_id
        ),
        upserted AS (
          INSERT INTO certificate_tally
          SELECT organisation_id, epoch, ${MEASURE_NAMES.flatMap((m) => PARTS.map((p) => `${m}_${p}`)).join(', ')}
            FROM fresh
          ON CONFLICT (organisation_id) DO UPDATE SET epoch_day = EXCLUDED.epoch_day,
            ${MEASURE_NAMES.flatMap((m) => PARTS.map((p) => `${m}_${p} = EXCLUDED.${m}_${p}`)).join(', ')}
          RETURNING 1
        ),
        stale AS (
          DELETE FROM certificate_tally t
           WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.organisation_id = t.organisation_id)
          RETURNING 1
        ),
        days AS (SELECT day, sum(total)::int AS total FROM per_day GROUP BY day),
        days_upserted AS (
          INSERT INTO certificate_day_tally SELECT day, total FROM days
          ON CONFLICT (day) DO UPDATE SET total = EXCLUDED.total
          RETURNING 1
        )
        DELETE FROM certificate_day_tally d WHERE NOT EXISTS (SELECT 1 FROM days WHERE days.day = d.day);
      END
      $$`);
    await queryRunner.query('SELECT certificate_tally_roll(certificate_tally_day(now()))');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete'])
      await queryRunner.query(`DROP TRIGGER certificate_tally_on_${event} ON certificate`);
    await queryRunner.query('DROP TRIGGER certificate_tally_on_truncate ON certificate');
    await queryRunner.query('DROP FUNCTION certificate_tally_truncated()');
    await queryRunner.query('DROP FUNCTION certificate_tally_roll(integer)');
    await queryRunner.query('DROP FUNCTION certificate_tally_changed()');
    await queryRunner.query('DROP TABLE "certificate_day_tally"');
    await queryRunner.query('DROP TABLE "certificate_tally"');
    await queryRunner.query('DROP TABLE "certificate_tally_change"');
    await queryRunner.query('DROP FUNCTION certificate_tally_day(timestamptz)');
    await queryRunner.query('DROP TRIGGER renewal_case_sets_renewal_open ON renewal_case');
    await queryRunner.query('DROP FUNCTION renewal_case_sets_renewal_open()');
    await queryRunner.query('DROP TRIGGER keystore_sets_keystore_unknown ON keystore');
    await queryRunner.query('DROP FUNCTION keystore_sets_keystore_unknown()');
    await queryRunner.query('DROP TRIGGER membership_sets_manager_left ON membership');
    await queryRunner.query('DROP FUNCTION membership_sets_manager_left()');
    await queryRunner.query('DROP TRIGGER certificate_flags_on_update ON certificate');
    await queryRunner.query('DROP TRIGGER certificate_flags_on_insert ON certificate');
    await queryRunner.query('DROP FUNCTION certificate_flags()');
    await queryRunner.query(
      'ALTER TABLE "certificate" DROP COLUMN "renewal_open", DROP COLUMN "keystore_unknown", DROP COLUMN "manager_left"',
    );
    await queryRunner.query('DROP INDEX "public"."certificate_active_not_before"');
    await queryRunner.query('DROP INDEX "public"."certificate_search_trgm"');
  }
}

/** Its manager has no employed membership of its organisation (warnings' MANAGER_LEFT). */
const MANAGER_LEFT = (c: string) =>
  `(${c}.manager_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.person_id = ${c}.manager_id ` +
  `AND m.organisation_id = ${c}.organisation_id AND m.employed))`;
/** No keystore, or one without its PC or folder (KEYSTORE_LOCATION_UNKNOWN). */
const KEYSTORE_UNKNOWN = (c: string) =>
  `(${c}.keystore_id IS NULL OR NOT EXISTS (SELECT 1 FROM keystore k WHERE k.id = ${c}.keystore_id ` +
  `AND k.host <> '' AND k.path <> ''))`;
/** An open renewal case (libs/domain isRenewalOpen; the states of the renewal_case_one_open index). */
const RENEWAL_OPEN = (c: string) =>
  `EXISTS (SELECT 1 FROM renewal_case r WHERE r.certificate_id = ${c}.id ` +
  `AND r.state NOT IN ('deployments-updated', 'abandoned'))`;

/** What is counted, each a condition on a certificate row (active ones only). */
const MEASURES = {
  total: 'true',
  manager_left: 'manager_left',
  keystore_unknown: 'keystore_unknown',
  unknown_environment: "(environment = 'unknown' AND identifier_type IS NOT NULL)",
  without_renewal: 'NOT renewal_open',
  // Production certificates an organisation holds (a natural person's count against their own limit).
  production:
    "(environment = 'production' AND identifier_type IS NOT NULL AND identifier_type NOT IN ('SSIN', 'NIHII11'))",
} as const;
const MEASURE_NAMES = Object.keys(MEASURES) as (keyof typeof MEASURES)[];
/** Each measure in three parts, by notAfter's Brussels day against the epoch: before it, the 91 days from it, later. */
const PARTS = ['before', 'window', 'later'] as const;
const PART_CONDITION: Record<(typeof PARTS)[number], string> = {
  before: 'day < epoch',
  window: 'day >= epoch AND day < epoch + 91',
  later: 'day >= epoch + 91',
};
