/**
 * Why the depot gave no answer to use. DEPOT_UNREACHABLE: it could not be asked (network, time-out, 502/503/504);
 * DEPOT_ERROR: it answered a SOAP fault, another HTTP error, or something that is not its answer (garbage, too large,
 * a DTD); DEPOT_DISABLED: ETK_DEPOT=off; INVALID_IDENTIFIER: refused before asking.
 */
export type EtkDepotErrorCode = 'DEPOT_UNREACHABLE' | 'DEPOT_ERROR' | 'DEPOT_DISABLED' | 'INVALID_IDENTIFIER';

export class EtkDepotError extends Error {
  override readonly name = 'EtkDepotError';

  constructor(
    readonly code: EtkDepotErrorCode,
    message: string,
  ) {
    super(message);
  }
}
