import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12: the renewal cases, the new requests and the handovers are listed a page at a time, most recent first,
 * each page after the last row of the one before; over the years of a national installation they add up to
 * hundreds of thousands of cases. An index in that order, and one per organisation, reads a page's own rows. The
 * per-organisation index leads with organisation_id, so the index on that column alone goes.
 */
export class CasesNewestFirst1796368000000 implements MigrationInterface {
  name = 'CasesNewestFirst1796368000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const { table, time, old } of TABLES) {
      await queryRunner.query(`CREATE INDEX "${table}_newest" ON "${table}" ("${time}", "id")`);
      await queryRunner.query(
        `CREATE INDEX "${table}_organisation_newest" ON "${table}" ("organisation_id", "${time}", "id")`,
      );
      await queryRunner.query(`DROP INDEX "public"."${old}"`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const { table, old } of [...TABLES].reverse()) {
      await queryRunner.query(`CREATE INDEX "${old}" ON "${table}" ("organisation_id")`);
      await queryRunner.query(`DROP INDEX "public"."${table}_organisation_newest"`);
      await queryRunner.query(`DROP INDEX "public"."${table}_newest"`);
    }
  }
}

const TABLES = [
  { table: 'renewal_case', time: 'state_changed_at', old: 'IDX_0c4bc76d9075f49a92b6698ccf' },
  { table: 'new_request', time: 'requested_at', old: 'IDX_7759fab348f441a4a25c4462d9' },
  { table: 'handover', time: 'opened_at', old: 'IDX_7c39019e910364bcf8faf797ef' },
] as const;
