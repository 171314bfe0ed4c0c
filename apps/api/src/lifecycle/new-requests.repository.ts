import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { INITIAL_NEW_REQUEST_STATE } from '@certdesk/domain';
import { NewRequestEntity } from '@certdesk/persistence';

/** New requests as the commands that open them read them: in the caller's transaction. */
@Injectable()
export class NewRequestsRepository {
  /** The request still open (requested) that replaces this certificate, if any. */
  openReplacing(manager: EntityManager, certificateId: string): Promise<NewRequestEntity | null> {
    return manager
      .getRepository(NewRequestEntity)
      .findOneBy({ replacesCertificateId: certificateId, state: INITIAL_NEW_REQUEST_STATE });
  }
}
