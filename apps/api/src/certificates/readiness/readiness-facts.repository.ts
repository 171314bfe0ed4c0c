import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReadinessFacts } from '@certdesk/domain';
import { loadReadinessFacts } from '@certdesk/persistence';

/** The facts renewal readiness judges, for a set of certificates (libs/persistence readiness-facts.ts). */
@Injectable()
export class ReadinessFactsRepository {
  /** The facts of each certificate, by id (ids not found are left out). */
  load(manager: EntityManager, certificateIds: string[]): Promise<Map<string, ReadinessFacts>> {
    return loadReadinessFacts(manager, certificateIds);
  }
}
