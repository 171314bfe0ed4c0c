import type { ReactNode, SelectHTMLAttributes } from 'react';
import type { OrganisationName } from '../api/types.js';

/**
 * A <select> of organisations by name, `first` (such as "All" or "Choose") before them. Built anew whenever the list
 * changes length, so that its `defaultValue` applies to the options that have arrived (a filter opened from a link
 * showed "All" otherwise), and because React places children added to a mounted parent one at a time, each looking
 * past every new one after it (quadratic: half a second at 10,000 organisations), but builds a new parent's children
 * in one pass.
 */
export function OrganisationSelect({
  organisations,
  first,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & {
  organisations: readonly OrganisationName[];
  first?: ReactNode;
}) {
  return (
    <select key={organisations.length} {...select}>
      {first}
      {organisations.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </select>
  );
}
