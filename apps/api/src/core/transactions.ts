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

  /** Outside any transaction (a read, or a single statement). */
  get manager(): EntityManager {
    return this.db.manager;
  }
}
