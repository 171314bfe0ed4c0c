import type { EntityManager } from 'typeorm';
import { Not, In } from 'typeorm';
import { normalizeMilestones } from '@certdesk/domain';
import { ContactEntity, OrganisationIdentifierEntity } from '@certdesk/persistence';
import { ConflictError, UnprocessableError } from '../common/errors.js';
import { checkOrganisationIdentifier, type CheckedIdentifier } from './identifier-input.js';
import type { ContactInputDto, IdentifierInputDto } from './organisations.dto.js';

export function checkIdentifiers(input: IdentifierInputDto[]): CheckedIdentifier[] {
  const checked = input.map(checkOrganisationIdentifier);
  const keys = new Set(checked.map((i) => `${i.type}=${i.value}`));
  if (keys.size !== checked.length)
    throw new UnprocessableError('DUPLICATE_IDENTIFIER', 'an identifier is listed twice');
  return checked;
}

export function checkContacts(input: ContactInputDto[]): ContactInputDto[] {
  const contacts = input.map((c) => ({ ...c, email: c.email.trim().toLowerCase() }));
  if (new Set(contacts.map((c) => c.email)).size !== contacts.length) {
    throw new UnprocessableError('DUPLICATE_CONTACT', 'a contact address is listed twice');
  }
  return contacts;
}

export function checkMilestones(input: number[]): number[] {
  const result = normalizeMilestones(input);
  if (!result.ok) throw new UnprocessableError('INVALID_MILESTONES', `reminderMilestones: ${result.message}`);
  return result.value;
}

/** An identifier belongs to one organisation only. */
export async function assertIdentifiersFree(
  manager: EntityManager,
  identifiers: CheckedIdentifier[],
  organisationId?: string,
): Promise<void> {
  for (const { type, value } of identifiers) {
    const taken = await manager.getRepository(OrganisationIdentifierEntity).existsBy({
      type,
      value,
      ...(organisationId ? { organisationId: Not(organisationId) } : {}),
    });
    if (taken)
      throw new ConflictError('IDENTIFIER_TAKEN', `${type}=${value} belongs to another organisation already`);
  }
}

export async function replaceIdentifiers(
  manager: EntityManager,
  organisationId: string,
  identifiers: CheckedIdentifier[],
): Promise<void> {
  await manager.getRepository(OrganisationIdentifierEntity).delete({ organisationId });
  if (identifiers.length) {
    await manager
      .getRepository(OrganisationIdentifierEntity)
      .insert(identifiers.map((i) => ({ organisationId, ...i })));
  }
}

/** Replaces the contact list, keeping the delivery-failure flags of the addresses that stay. */
export async function replaceContacts(
  manager: EntityManager,
  organisationId: string,
  contacts: ContactInputDto[],
): Promise<void> {
  const repo = manager.getRepository(ContactEntity);
  const emails = contacts.map((c) => c.email);
  await repo.delete(emails.length ? { organisationId, email: Not(In(emails)) } : { organisationId });
  for (const c of contacts) {
    await repo.upsert({ organisationId, email: c.email, language: c.language, generic: c.generic }, [
      'organisationId',
      'email',
    ]);
  }
}
