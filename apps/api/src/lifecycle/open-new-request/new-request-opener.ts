import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { INITIAL_NEW_REQUEST_STATE } from '@certdesk/domain';
import { NewRequestEntity } from '@certdesk/persistence';
import type { Actor } from '../../access/actor.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { LIFECYCLE_ACTIONS } from '../lifecycle-steps.js';

export interface NewRequestFields {
  organisationId: string;
  /** Already checked by libs/domain. */
  identifierType: string;
  identifierValue: string;
  applicationId: string | null;
  replacesCertificateId: string | null;
  note: string | null;
}

/** Opens a new-request case in the caller's transaction, with its audit event (a request, or a revocation). */
@Injectable()
export class NewRequestOpener {
  constructor(private readonly audit: AuditTrail) {}

  async open(
    manager: EntityManager,
    actor: Actor,
    fields: NewRequestFields,
    now: Date,
  ): Promise<NewRequestEntity> {
    const repo = manager.getRepository(NewRequestEntity);
    const inserted = await repo.insert({
      organisationId: fields.organisationId,
      identifierType: fields.identifierType,
      identifierValue: fields.identifierValue,
      applicationId: fields.applicationId,
      replacesCertificateId: fields.replacesCertificateId,
      state: INITIAL_NEW_REQUEST_STATE,
      requestedAt: now,
      requestedById: actor.userId,
      note: fields.note ?? '',
    });
    const newRequestId = String(inserted.identifiers[0]!.id);
    await this.audit.append(
      manager,
      actor,
      {
        action: LIFECYCLE_ACTIONS.newRequestOpened,
        organisationId: fields.organisationId,
        certificateId: fields.replacesCertificateId,
        before: null,
        after: {
          newRequestId,
          state: INITIAL_NEW_REQUEST_STATE,
          identifierType: fields.identifierType,
          identifierValue: fields.identifierValue,
          applicationId: fields.applicationId,
          replacesCertificateId: fields.replacesCertificateId,
          note: fields.note,
        },
      },
      now,
    );
    return repo.findOneByOrFail({ id: newRequestId });
  }
}
