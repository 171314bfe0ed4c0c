import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12: the row triggers that rewrite a person's, a keystore's or a certificate's related certificates run their
 * UPDATE once per row written. On a table not yet analysed (a fresh national seed, or a large import before autovacuum
 * came by) Postgres estimated that UPDATE far past `jit_above_cost` and compiled it with LLVM on every call: the
 * seed's 10,000 first eID certificates took 5 minutes, almost all of it JIT compilation of an UPDATE that touched no
 * row. Each is a look-up by an index, which JIT cannot speed up, so it is off for these functions.
 */
export class RowTriggersWithoutJit1796365000000 implements MigrationInterface {
  name = 'RowTriggersWithoutJit1796365000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const fn of FUNCTIONS) await queryRunner.query(`ALTER FUNCTION ${fn}() SET jit = off`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const fn of FUNCTIONS) await queryRunner.query(`ALTER FUNCTION ${fn}() RESET jit`);
  }
}

const FUNCTIONS = [
  'membership_sets_manager_left',
  'keystore_sets_keystore_unknown',
  'renewal_case_sets_renewal_open',
  'membership_sets_readiness_facts',
  'person_eid_certificate_sets_readiness_facts',
  'deployment_sets_readiness_facts',
];
