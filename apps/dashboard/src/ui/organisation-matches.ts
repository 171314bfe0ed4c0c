import type { OrganisationName } from '../api/types.js';

/** How a name is compared with what is typed: without case or accents ("Liège" is found as "liege"). */
export function searchable(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase().trim();
}

/** Organisations with their searchable names, computed once per list. */
export interface SearchableOrganisations {
  organisations: readonly OrganisationName[];
  keys: readonly string[];
}

export function searchableOrganisations(organisations: readonly OrganisationName[]): SearchableOrganisations {
  return { organisations, keys: organisations.map((o) => searchable(o.name)) };
}

/**
 * The first `limit` organisations whose name holds what is typed (every word of it, in any order), those whose name
 * starts with it first, each group in the list's order; and how many matched in all. Linear in the list.
 */
export function matchOrganisations(
  { organisations, keys }: SearchableOrganisations,
  typed: string,
  limit: number,
): { matches: OrganisationName[]; total: number } {
  const query = searchable(typed);
  const words = query.split(/\s+/).filter(Boolean);
  const starting: OrganisationName[] = [];
  const containing: OrganisationName[] = [];
  let total = 0;
  for (let i = 0; i < organisations.length; i++) {
    const key = keys[i]!;
    if (!words.every((word) => key.includes(word))) continue;
    total++;
    if (key.startsWith(query)) {
      if (starting.length < limit) starting.push(organisations[i]!);
    } else if (containing.length < limit) containing.push(organisations[i]!);
  }
  return { matches: [...starting, ...containing].slice(0, limit), total };
}

/** The one organisation named exactly what is typed (case and accents aside), if exactly one is. */
export function organisationNamed(
  { organisations, keys }: SearchableOrganisations,
  typed: string,
): OrganisationName | undefined {
  const query = searchable(typed);
  if (query === '') return undefined;
  let found: OrganisationName | undefined;
  for (let i = 0; i < organisations.length; i++) {
    if (keys[i] !== query) continue;
    if (found) return undefined;
    found = organisations[i];
  }
  return found;
}
