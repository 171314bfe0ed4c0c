import { DataSource } from 'typeorm';
import type { TestApp } from './test-app.js';

/** Columns that change on a read (a token's last use: when, from where), not on a write. */
const VOLATILE_COLUMNS: Record<string, string[]> = {
  access_token: ['last_used_at', 'last_used_ip', 'last_used_agent'],
};

/**
 * Every row of every table (found in the schema, so a new table is covered the day it is added), to assert that a
 * refused request changed nothing.
 */
export async function snapshot(t: TestApp): Promise<Record<string, unknown[]>> {
  const db = t.app.get(DataSource);
  const tables: { table_name: string }[] = await db.query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('migrations')
      ORDER BY table_name`,
  );
  const result: Record<string, unknown[]> = {};
  for (const { table_name: table } of tables) {
    const rows: Record<string, unknown>[] = await db.query(`SELECT * FROM "${table}" ORDER BY 1`);
    const volatile = VOLATILE_COLUMNS[table] ?? [];
    result[table] = rows.map((row) =>
      Object.fromEntries(Object.entries(row).filter(([column]) => !volatile.includes(column))),
    );
  }
  return result;
}
