import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OPEN_RENEWAL_STATES } from '@certdesk/domain';
import { RenewalCaseEntity } from '@certdesk/persistence';
import { type NewestFirstPage, pagedNewestFirst } from '../common/newest-first-page.js';
import { type CaseFilter, whereCases } from './case-filter.js';

/** Renewal cases as the lists read them. */
@Injectable()
export class RenewalCasesRepository {
  /** The cases of `organisationIds` (every organisation when null), most recently changed first. */
  list(
    manager: EntityManager,
    organisationIds: readonly string[] | null,
    filter: CaseFilter,
    page: NewestFirstPage,
  ): Promise<RenewalCaseEntity[]> {
    const query = manager.getRepository(RenewalCaseEntity).createQueryBuilder('x');
    whereCases(query, organisationIds, filter, OPEN_RENEWAL_STATES);
    return pagedNewestFirst(query, 'stateChangedAt', page).getMany();
  }
}
