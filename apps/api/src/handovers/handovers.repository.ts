import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { HandoverEntity } from '@certdesk/persistence';
import { type NewestFirstPage, pagedNewestFirst } from '../common/newest-first-page.js';
import { type CaseFilter, whereCases } from '../lifecycle/case-filter.js';

/** Handovers, read in the caller's transaction. */
@Injectable()
export class HandoversRepository {
  /** One handover; with `forUpdate`, locked until the transaction ends. */
  byId(
    manager: EntityManager,
    handoverId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<HandoverEntity | null> {
    const query = manager
      .getRepository(HandoverEntity)
      .createQueryBuilder('h')
      .where('h.id = :handoverId', { handoverId });
    if (options.forUpdate) query.setLock('pessimistic_write');
    return query.getOne();
  }

  /** The handovers of `organisationIds` (every organisation when null), most recently opened first. */
  list(
    manager: EntityManager,
    organisationIds: readonly string[] | null,
    filter: CaseFilter,
    page: NewestFirstPage,
  ): Promise<HandoverEntity[]> {
    const query = manager.getRepository(HandoverEntity).createQueryBuilder('h');
    whereCases(query, organisationIds, filter);
    return pagedNewestFirst(query, 'openedAt', page).getMany();
  }
}
