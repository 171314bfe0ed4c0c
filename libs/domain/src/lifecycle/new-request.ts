// A new certificate request (DOMAIN.md procedures 1 and 2): requested with the eHealth tool, then completed
// on the same computer (certificate installed, ETK created), or abandoned. Revocation opens one for the replacement.
import { fail, ok, type Result } from '../result.js';
import type { LifecycleTransitionError } from './renewal.js';

export type NewRequestState = 'requested' | 'completed' | 'abandoned';
export type NewRequestAction = 'complete' | 'abandon';

export const NEW_REQUEST_STATES: readonly NewRequestState[] = ['requested', 'completed', 'abandoned'];
export const NEW_REQUEST_ACTIONS: readonly NewRequestAction[] = ['complete', 'abandon'];
export const INITIAL_NEW_REQUEST_STATE: NewRequestState = 'requested';

export function isNewRequestOpen(state: NewRequestState): boolean {
  return state === 'requested';
}

/** What SQL reads as an open request. */
export const OPEN_NEW_REQUEST_STATES: readonly NewRequestState[] =
  NEW_REQUEST_STATES.filter(isNewRequestOpen);

export function applyNewRequestAction(
  state: NewRequestState,
  action: NewRequestAction,
): Result<NewRequestState, LifecycleTransitionError> {
  if (!NEW_REQUEST_STATES.includes(state))
    throw new RangeError(`Unknown new-request state "${String(state)}".`);
  if (!NEW_REQUEST_ACTIONS.includes(action))
    throw new RangeError(`Unknown new-request action "${String(action)}".`);
  if (state !== 'requested') {
    return fail('CASE_CLOSED', `This request is ${state}: nothing more can be done on it.`);
  }
  return ok(action === 'complete' ? 'completed' : 'abandoned');
}
