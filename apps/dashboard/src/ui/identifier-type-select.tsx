import { EHEALTH_IDENTIFIER_TYPES } from '@certdesk/domain';
import { useI18n } from '../i18n/i18n.js';

/**
 * The eHealth identifier types (libs/domain), chosen from a list rather than typed: people first, then
 * organisations, each with its number of digits.
 */
export function IdentifierTypeSelect({
  name,
  defaultValue = '',
  required = true,
  id,
}: {
  name: string;
  defaultValue?: string;
  required?: boolean;
  id?: string;
}) {
  const { m } = useI18n();
  const group = (holder: 'person' | 'organisation') =>
    EHEALTH_IDENTIFIER_TYPES.filter((t) => t.holder === holder).map((t) => (
      <option key={t.type} value={t.type}>
        {m.identifierTypes.option(t.type, t.length)}
      </option>
    ));
  return (
    <select id={id} name={name} defaultValue={defaultValue} required={required}>
      <option value="" disabled>
        {m.common.choose}
      </option>
      <optgroup label={m.identifierTypes.person}>{group('person')}</optgroup>
      <optgroup label={m.identifierTypes.organisation}>{group('organisation')}</optgroup>
    </select>
  );
}
