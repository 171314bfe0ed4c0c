import type { CutOverRequestEntity } from '@certdesk/persistence';
import { ConflictError, GoneError, NotFoundError } from '../common/errors.js';
import type { CutOverRequestState } from './cut-over.dto.js';

/** Where a request stands at `now`: a confirmation or an override is final; otherwise its link expires. */
export function cutOverRequestState(request: CutOverRequestEntity, now: Date): CutOverRequestState {
  if (request.confirmedAt) return 'confirmed';
  if (request.overriddenAt) return 'overridden';
  return request.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

/**
 * Why a cut-over link's page cannot be shown, as the person who opened it is told: an unknown, malformed or forged
 * token (or one of another kind of link) reads as not found; an expired or closed one as gone, with its own code.
 */
export function refuseUnreadableLink(
  request: CutOverRequestEntity | null,
  now: Date,
): asserts request is CutOverRequestEntity {
  if (!request) throw new NotFoundError('cut-over link');
  const state = cutOverRequestState(request, now);
  if (state === 'expired') {
    throw new GoneError(
      'CUT_OVER_LINK_EXPIRED',
      'this cut-over link has expired: ask the organisation that uses the certificate for a new one',
    );
  }
  if (state === 'overridden') {
    throw new GoneError(
      'CUT_OVER_LINK_CLOSED',
      'this cut-over link is no longer needed: an administrator closed the cut-over',
    );
  }
}

/** A link may confirm once: a second confirmation says when the first was, and changes nothing. */
export function refuseUnconfirmableLink(
  request: CutOverRequestEntity | null,
  now: Date,
): asserts request is CutOverRequestEntity {
  refuseUnreadableLink(request, now);
  if (request.confirmedAt) {
    throw new ConflictError(
      'CUT_OVER_ALREADY_CONFIRMED',
      `the new keystore was already confirmed installed on ${request.confirmedAt.toISOString()}`,
    );
  }
}
