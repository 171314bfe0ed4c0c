import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12, renewal readiness at a million certificates (docs/decisions.md, section 7): what a certificate's readiness
 * is decided on, kept on its row by triggers, as the warnings' flags are (migration 1796316000000), so the list's
 * filter and the overview's count read columns instead of looking up six tables per certificate:
 * - `readiness_facts_met`: its manager is an employed member of its organisation who does not leave before its
 *   notAfter's day and has an eID certificate valid through its notAfter, its password custodian is an employed
 *   member, and none of its deployments lacks a contact;
 * - `custody_opened_at`: when its custodian last checked the keystore, if that check opened it (null otherwise).
 * A certificate is inserted with neither (it cannot have an attestation yet, so it is not ready): its first
 * attestation figures both.
 * What depends on the day (the attestation's age, the days left against eHealth's lead time) is compared with these
 * when read (apps/api/src/certificates/readiness/readiness-sql.ts), so nothing needs rewriting as time passes. A
 * departure day is compared with notAfter's day alone: readiness also needs notAfter past the lead time, after
 * today, so a departure after notAfter's day is after today too. Each related table's trigger touches only the
 * certificates whose kept facts change (their BEFORE trigger recomputes them), and only those a custodian opened but
 * for the attestations' own; a certificate that becomes active again recomputes them too.
 * apps/api/test/readiness-kept.test.ts compares them with the facts themselves after every kind of change.
 */
export class CertificateReadinessFacts1796363000000 implements MigrationInterface {
  name = 'CertificateReadinessFacts1796363000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "certificate" ADD "readiness_facts_met" boolean NOT NULL DEFAULT false, ' +
        'ADD "custody_opened_at" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query(
      `UPDATE certificate c SET readiness_facts_met = ${FACTS_MET('c')}, custody_opened_at = ${CUSTODY_OPENED_AT('c')}
        WHERE c.manager_id IS NOT NULL OR c.password_custodian_id IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE FUNCTION certificate_readiness_facts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          -- A new certificate has no attestation yet (they reference it), so it is not ready whatever its other
          -- facts: they are figured with its first attestation (whose trigger rewrites both), and an import of
          -- 10,000 certificates looks nothing up.
          NEW.readiness_facts_met := false;
          NEW.custody_opened_at := NULL;
        ELSIF NEW.manager_id IS NULL OR NEW.password_custodian_id IS NULL THEN
          NEW.readiness_facts_met := false;
          NEW.custody_opened_at := CASE WHEN NEW.password_custodian_id IS NOT NULL THEN ${CUSTODY_OPENED_AT('NEW')} END;
        ELSE
          NEW.readiness_facts_met := ${FACTS_MET('NEW')};
          NEW.custody_opened_at := ${CUSTODY_OPENED_AT('NEW')};
        END IF;
        RETURN NEW;
      END
      $$`);
    await queryRunner.query(
      'CREATE TRIGGER certificate_readiness_facts_on_insert BEFORE INSERT ON certificate ' +
        'FOR EACH ROW EXECUTE FUNCTION certificate_readiness_facts()',
    );
    await queryRunner.query(`
      CREATE TRIGGER certificate_readiness_facts_on_update BEFORE UPDATE ON certificate FOR EACH ROW
      WHEN (OLD.manager_id IS DISTINCT FROM NEW.manager_id
            OR OLD.password_custodian_id IS DISTINCT FROM NEW.password_custodian_id
            OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id OR OLD.not_after IS DISTINCT FROM NEW.not_after
            OR OLD.state IS DISTINCT FROM NEW.state
            OR OLD.readiness_facts_met IS DISTINCT FROM NEW.readiness_facts_met
            OR OLD.custody_opened_at IS DISTINCT FROM NEW.custody_opened_at)
      EXECUTE FUNCTION certificate_readiness_facts()`);

    // The related rows: each pokes the certificates whose kept facts differ from their facts (their BEFORE trigger
    // figures both again), of any state (with `state = 'active'` Postgres combined the key's index with a partial one
    // of every active row). Only those a custodian opened: the others are not ready whatever their other facts, which
    // their next opening figures (the attestations' trigger rewrites both), so a manager's first eID or a new
    // membership rewrites no more rows than can change readiness.
    const refresh = (where: string, opened = 'AND c.custody_opened_at IS NOT NULL') => `
          UPDATE certificate c SET readiness_facts_met = NOT c.readiness_facts_met
           WHERE ${where} ${opened}
             AND (c.readiness_facts_met IS DISTINCT FROM ${FACTS_MET('c')}
                  OR c.custody_opened_at IS DISTINCT FROM ${CUSTODY_OPENED_AT('c')});`;
    const related: { table: string; events: string; where: (row: 'OLD' | 'NEW') => string }[] = [
      {
        table: 'membership',
        events: 'INSERT OR DELETE OR UPDATE OF employed, left_on, person_id, organisation_id',
        where: (row) =>
          `c.organisation_id = ${row}.organisation_id ` +
          `AND (c.manager_id = ${row}.person_id OR c.password_custodian_id = ${row}.person_id)`,
      },
      {
        table: 'person_eid_certificate',
        events: 'INSERT OR DELETE OR UPDATE OF person_id, not_after',
        where: (row) => `c.manager_id = ${row}.person_id`,
      },
      {
        table: 'deployment',
        events: 'INSERT OR DELETE OR UPDATE OF contact_email, certificate_id',
        where: (row) => `c.id = ${row}.certificate_id`,
      },
    ];
    for (const { table, events, where } of related) {
      await queryRunner.query(`
        CREATE FUNCTION ${table}_sets_readiness_facts() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP <> 'INSERT' THEN ${refresh(where('OLD'))}
          END IF;
          IF TG_OP <> 'DELETE' THEN ${refresh(where('NEW'))}
          END IF;
          RETURN NULL;
        END
        $$`);
      await queryRunner.query(
        `CREATE TRIGGER ${table}_sets_readiness_facts AFTER ${events} ON ${table} ` +
          `FOR EACH ROW EXECUTE FUNCTION ${table}_sets_readiness_facts()`,
      );
    }
    // The attestations, once per statement over the rows it wrote (custodians check keystores by the hundred): every
    // certificate concerned, opened or not, since an attestation is what opens one.
    const attested = (rows: string) => `c.id IN (SELECT certificate_id FROM ${rows})`;
    await queryRunner.query(`
      CREATE FUNCTION custody_attestation_sets_readiness_facts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN ${refresh(attested('new_rows'), '')}
        ELSIF TG_OP = 'DELETE' THEN ${refresh(attested('old_rows'), '')}
        ELSE ${refresh(`(${attested('old_rows')} OR ${attested('new_rows')})`, '')}
        END IF;
        RETURN NULL;
      END
      $$`);
    for (const [event, tables] of [
      ['INSERT', 'NEW TABLE AS new_rows'],
      ['UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
      ['DELETE', 'OLD TABLE AS old_rows'],
    ] as const)
      await queryRunner.query(
        `CREATE TRIGGER custody_attestation_sets_readiness_facts_on_${event.toLowerCase()} AFTER ${event} ` +
          `ON custody_attestation REFERENCING ${tables} FOR EACH STATEMENT ` +
          'EXECUTE FUNCTION custody_attestation_sets_readiness_facts()',
      );

    // A manager's eID changes rewrite their opened certificates: found by this small index, not by reading every
    // certificate they manage (a 1M seed's 10,000 first eIDs read a million rows to rewrite none).
    await queryRunner.query(
      'CREATE INDEX "certificate_opened_by_manager" ON "certificate" ("manager_id") ' +
        'WHERE custody_opened_at IS NOT NULL',
    );

    // The overview's readiness counts the certificates within the horizon and the ready ones among them from this
    // index alone: the kept facts join what it already carried.
    await queryRunner.query('DROP INDEX "public"."certificate_active_not_after_id"');
    await queryRunner.query(
      'CREATE INDEX "certificate_active_not_after_id" ON "certificate" ("not_after", "id") ' +
        'INCLUDE ("organisation_id", "manager_id", "password_custodian_id", "keystore_unknown", ' +
        '"readiness_facts_met", "custody_opened_at") ' +
        "WHERE state = 'active'",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."certificate_opened_by_manager"');
    await queryRunner.query('DROP INDEX "public"."certificate_active_not_after_id"');
    await queryRunner.query(
      'CREATE INDEX "certificate_active_not_after_id" ON "certificate" ("not_after", "id") ' +
        'INCLUDE ("organisation_id", "manager_id", "password_custodian_id", "keystore_unknown") ' +
        "WHERE state = 'active'",
    );
    for (const event of ['insert', 'update', 'delete'])
      await queryRunner.query(
        `DROP TRIGGER custody_attestation_sets_readiness_facts_on_${event} ON custody_attestation`,
      );
    await queryRunner.query('DROP FUNCTION custody_attestation_sets_readiness_facts()');
    for (const table of ['deployment', 'person_eid_certificate', 'membership']) {
      await queryRunner.query(`DROP TRIGGER ${table}_sets_readiness_facts ON ${table}`);
      await queryRunner.query(`DROP FUNCTION ${table}_sets_readiness_facts()`);
    }
    await queryRunner.query('DROP TRIGGER certificate_readiness_facts_on_update ON certificate');
    await queryRunner.query('DROP TRIGGER certificate_readiness_facts_on_insert ON certificate');
    await queryRunner.query('DROP FUNCTION certificate_readiness_facts()');
    await queryRunner.query(
      'ALTER TABLE "certificate" DROP COLUMN "custody_opened_at", DROP COLUMN "readiness_facts_met"',
    );
  }
}

/**
 * The facts of a certificate row `r` that do not change with the day (apps/api/test/support/readiness-from-facts.ts,
 * the reference the kept ones are tested against). Each a look-up by its index (`OFFSET 0`):
 * before the tables are analysed (a fresh seed), Postgres hashed the whole membership table for each row instead.
 */
const FACTS_MET = (r: string) => `(
  EXISTS (SELECT 1 FROM membership m
           WHERE m.person_id = ${r}.manager_id AND m.organisation_id = ${r}.organisation_id AND m.employed
             AND (m.left_on IS NULL OR m.left_on > (${r}.not_after AT TIME ZONE 'Europe/Brussels')::date) OFFSET 0)
  AND EXISTS (SELECT 1 FROM person_eid_certificate e
               WHERE e.person_id = ${r}.manager_id AND e.not_after >= ${r}.not_after OFFSET 0)
  AND EXISTS (SELECT 1 FROM membership m
               WHERE m.person_id = ${r}.password_custodian_id AND m.organisation_id = ${r}.organisation_id
                 AND m.employed OFFSET 0)
  AND NOT EXISTS (SELECT 1 FROM deployment d
                   WHERE d.certificate_id = ${r}.id AND btrim(coalesce(d.contact_email, '')) = '' OFFSET 0))`;

/** When row `r`'s custodian last checked its keystore, if that check opened it: the latest by when it was done. */
const CUSTODY_OPENED_AT = (r: string) => `(
  SELECT CASE WHEN a.outcome = 'opened' THEN a.checked_at END FROM custody_attestation a
   WHERE a.certificate_id = ${r}.id AND a.person_id = ${r}.password_custodian_id
   ORDER BY a.checked_at DESC, a.recorded_at DESC LIMIT 1)`;
