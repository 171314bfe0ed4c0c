import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { OPEN_NEW_REQUEST_STATES } from '@certdesk/domain';
import { NewRequestEntity } from '@certdesk/persistence';
import { type NewestFirstPage, pagedNewestFirst } from '../common/newest-first-page.js';
import { type CaseFilter, whereCases } from './case-filter.js';

/** New requests, read in the caller's transaction. */
@Injectable()
export class NewRequestsRepository {
  /** The request still open that replaces this certificate, if any (at most one is). */
  openReplacing(manager: EntityManager, certificateId: string): Promise<NewRequestEntity | null> {
    return manager
      .getRepository(NewRequestEntity)
      .findOneBy({ replacesCertificateId: certificateId, state: In([...OPEN_NEW_REQUEST_STATES]) });
  }

  /** The requests of `organisationIds` (every organisation when null), most recently requested first. */
  list(
    manager: EntityManager,
    organisationIds: readonly string[] | null,
    filter: CaseFilter,
    page: NewestFirstPage,
  ): Promise<NewRequestEntity[]> {
    const query = manager.getRepository(NewRequestEntity).createQueryBuilder('x');
    whereCases(query, organisationIds, filter, OPEN_NEW_REQUEST_STATES);
    return pagedNewestFirst(query, 'requestedAt', page).getMany();
  }
}
