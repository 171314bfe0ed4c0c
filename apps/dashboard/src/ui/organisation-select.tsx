import { useDeferredValue, type ReactNode, type SelectHTMLAttributes } from 'react';
import type { OrganisationName } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';

/**
 * A <select> of organisations by name: with `choose`, a disabled "Choose" first (a form's required choice), then
 * `first` (such as "All"), then the organisations. Built anew whenever the list
 * changes length, so that its `defaultValue` applies to the options that have arrived (a filter opened from a link
 * showed "All" otherwise), and because React places children added to a mounted parent one at a time, each looking
 * past every new one after it (quadratic: half a second at 10,000 organisations), but builds a new parent's children
 * in one pass. The options come in a render of their own, after the page around them has been shown: 10,000 of them
 * took a quarter of a second, which held back the first rows of the page that offers them.
 */
const NONE: readonly OrganisationName[] = [];

export function OrganisationSelect({
  organisations,
  choose = false,
  first,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & {
  organisations: readonly OrganisationName[];
  choose?: boolean;
  first?: ReactNode;
}) {
  const { m } = useI18n();
  const shown = useDeferredValue(organisations, NONE);
  return (
    <select key={shown.length} {...select}>
      {choose && (
        <option value="" disabled>
          {m.common.choose}
        </option>
      )}
      {first}
      {shown.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </select>
  );
}

/** A list's organisation filter: "All", then each organisation, under the label every list gives it. */
export function OrganisationFilter(
  props: SelectHTMLAttributes<HTMLSelectElement> & { organisations: readonly OrganisationName[] },
) {
  const { m } = useI18n();
  return (
    <label>
      <span>{m.certificates.organisation}</span>
      <OrganisationSelect {...props} first={<option value="">{m.common.all}</option>} />
    </label>
  );
}
