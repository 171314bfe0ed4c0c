import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A list page's filters kept in the address, so a filtered list can be bookmarked and shared: the current
 * parameters, and a setter that sets one (or removes it when empty) keeping the others.
 */
export function useAddressFilters(): [URLSearchParams, (name: string, value: string) => void] {
  const [search, setSearch] = useSearchParams();
  const setFilter = useCallback(
    (name: string, value: string) =>
      setSearch((current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      }),
    [setSearch],
  );
  return [search, setFilter];
}
