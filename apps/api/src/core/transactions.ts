import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * The one way a command opens a Postgres transaction: the repositories, the audit trail and the outbox all take the
 * transaction's EntityManager, so a change and its audit event commit together or not at all.
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * `work` in one read-only REPEATABLE READ transaction: every query sees the database as it was at its first one
   * (an evidence pack's sections and chain heads tell the same moment).
   */
  readSnapshot<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return work(manager);
    });
  }

  /**
   * `work` while this process holds the installation-wide lock `name` (a Postgres advisory lock on a connection of
   * its own): another replica asking for the same lock waits until `work` has ended and what it committed is visible.
   * A process that dies holding it releases it with its connection.
   */
  async exclusively<T>(name: string, work: () => Promise<T>): Promise<T> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
      }
    } finally {
      await runner.release();
    }
  }

  /** Outside any transaction (a read, or a single statement). */
  get manager(): EntityManager {
    return this.db.manager;
  }
}
