import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit trail can only grow: the database itself refuses to change or delete an event. */
export class AuditAppendOnly1795462369527 implements MigrationInterface {
  name = 'AuditAppendOnly1795462369527';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER audit_event_append_only ON audit_event');
    await queryRunner.query('DROP FUNCTION audit_event_is_append_only()');
  }
}
