import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrganisationEntity, OrganisationIdentifierEntity } from '@certdesk/persistence';
import type { DomainTarget } from './oidc-settings.js';

/** The organisation an OIDC_DOMAINS entry names, by id or by CBE number: the organisations aggregate, read only. */
@Injectable()
export class OidcDomainOrganisations {
  /** Its id, or null when no organisation is (or is any longer) the one named. */
  async idOf(
    manager: EntityManager,
    target: Exclude<DomainTarget, { kind: 'central' }>,
  ): Promise<string | null> {
    if (target.kind === 'organisation') {
      const found = await manager.getRepository(OrganisationEntity).existsBy({ id: target.id });
      return found ? target.id : null;
    }
    const identifier = await manager
      .getRepository(OrganisationIdentifierEntity)
      .findOneBy({ type: 'CBE', value: target.cbe });
    return identifier?.organisationId ?? null;
  }

  /** The organisation's CBE number, for OIDC_ROLE_MAP entries that name it; null when it has none. */
  async cbeOf(manager: EntityManager, organisationId: string): Promise<string | null> {
    const identifier = await manager
      .getRepository(OrganisationIdentifierEntity)
      .findOneBy({ organisationId, type: 'CBE' });
    return identifier?.value ?? null;
  }
}
