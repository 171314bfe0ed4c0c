import type { EntityManager } from 'typeorm';
import { MembershipEntity, PersonEntity } from '@certdesk/persistence';
import { UnprocessableError } from '../common/errors.js';

/**
 * The person a certificate is entrusted to (its manager, the keeper of its password) must belong to the
 * certificate's organisation and still work there. A person of another tenant reads exactly like a missing one.
 */
export async function requireEmployedMember(
  manager: EntityManager,
  personId: string,
  organisationId: string,
  field: string,
): Promise<PersonEntity> {
  const membership = await manager.getRepository(MembershipEntity).findOneBy({ personId, organisationId });
  if (!membership) {
    throw new UnprocessableError('NOT_A_MEMBER', `${field}: no such person in this organisation.`);
  }
  if (!membership.employed) {
    throw new UnprocessableError(
      'PERSON_HAS_LEFT',
      `${field}: this person no longer works for the organisation.`,
    );
  }
  return manager.getRepository(PersonEntity).findOneByOrFail({ id: personId });
}
