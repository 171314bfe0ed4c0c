import { $api } from '../api/client.js';
import type { OrganisationName } from '../api/types.js';

/**
 * The organisations the user can see (id and name), and their names by id (tables show names, the api answers ids).
 * The names alone: the full list carries every organisation's identifiers and contacts, megabytes at national scale.
 * Not `enabled`: not asked yet (none), for a page whose first answer should not wait behind 10,000 names.
 */
export function useOrganisations({ enabled = true }: { enabled?: boolean } = {}): {
  organisations: OrganisationName[];
  nameOf(id: string | null | undefined): string;
} {
  const { data } = $api.useQuery('get', '/api/v1/organisations/names', {}, { staleTime: 60_000, enabled });
  const organisations = data ?? [];
  const names = new Map(organisations.map((o) => [o.id, o.name]));
  return { organisations, nameOf: (id) => (id ? (names.get(id) ?? '—') : '—') };
}
