import { parseEhealthIdentifier } from '@certdesk/domain';
import { UnprocessableError } from '../common/errors.js';

export interface CheckedIdentifier {
  type: string;
  value: string;
}

/** An organisation's identifier, normalised and checked by libs/domain; refused with a clear code otherwise. */
export function checkOrganisationIdentifier(input: { type: string; value: string }): CheckedIdentifier {
  const parsed = parseEhealthIdentifier(input.type, input.value);
  if (!parsed.ok) {
    throw new UnprocessableError(
      parsed.reason === 'UNKNOWN_TYPE' ? 'UNKNOWN_IDENTIFIER_TYPE' : 'INVALID_IDENTIFIER',
      parsed.message,
    );
  }
  return { type: parsed.value.type, value: parsed.value.value };
}
