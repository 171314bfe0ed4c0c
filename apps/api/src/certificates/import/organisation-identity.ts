import type { EntityManager } from 'typeorm';
import { parseEhealthIdentifier } from '@certdesk/domain';
import { MembershipEntity, OrganisationIdentifierEntity, PersonEntity } from '@certdesk/persistence';

/**
 * Whom an organisation's certificates may name: one of its identifiers (CBE, NIHII-..., EHP, ...) or the SSIN of one
 * of its people (a personal eHealth certificate).
 */
export class OrganisationIdentity {
  private constructor(
    private readonly identifierKeys: ReadonlySet<string>,
    private readonly memberSsins: ReadonlySet<string>,
  ) {}

  static async load(manager: EntityManager, organisationId: string): Promise<OrganisationIdentity> {
    const [identifiers, people] = await Promise.all([
      manager.getRepository(OrganisationIdentifierEntity).findBy({ organisationId }),
      manager
        .getRepository(PersonEntity)
        .createQueryBuilder('p')
        .select(['p.id', 'p.ssin'])
        .innerJoin(MembershipEntity, 'm', 'm.personId = p.id AND m.organisationId = :organisationId', {
          organisationId,
        })
        .where('p.ssin IS NOT NULL')
        .getMany(),
    ]);
    return new OrganisationIdentity(
      new Set(identifiers.map((i) => key(i.type, i.value))),
      new Set(people.map((p) => p.ssin!)),
    );
  }

  /** The organisation's own identifiers, `TYPE=value` (not its people's SSINs). */
  identifiers(): string[] {
    return [...this.identifierKeys].sort();
  }

  /** Whether a certificate naming `type=value` belongs to this organisation. */
  holds(type: string, value: string): boolean {
    // Stored identifiers are normalised by libs/domain; a certificate's value is normalised the same way.
    const parsed = parseEhealthIdentifier(type, value);
    const normalised = parsed.ok ? parsed.value : { type: type.toUpperCase(), value };
    if (this.identifierKeys.has(key(normalised.type, normalised.value))) return true;
    return normalised.type === 'SSIN' && this.memberSsins.has(normalised.value);
  }
}

const key = (type: string, value: string) => `${type}=${value}`;
