import { $api } from '../api/client.js';
import type { Organisation } from '../api/types.js';

/** The organisations the user can see, and their names by id (tables show names, the api answers ids). */
export function useOrganisations(): {
  organisations: Organisation[];
  nameOf(id: string | null | undefined): string;
} {
  const { data } = $api.useQuery('get', '/api/v1/organisations', {}, { staleTime: 60_000 });
  const organisations = data ?? [];
  const names = new Map(organisations.map((o) => [o.id, o.name]));
  return { organisations, nameOf: (id) => (id ? (names.get(id) ?? '—') : '—') };
}
