import type { DataSource } from 'typeorm';

/**
 * This database's installation id (see InstallationEntity), created on first use. Concurrent first calls agree:
 * the insert of the single row conflicts, and everyone reads the row that won.
 */
export async function installationId(db: DataSource): Promise<string> {
  await db.query(`INSERT INTO installation (singleton) VALUES (true) ON CONFLICT (singleton) DO NOTHING`);
  const [row] = (await db.query(`SELECT id FROM installation`)) as [{ id: string }];
  return row.id;
}
