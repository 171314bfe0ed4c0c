import { describe, expect, it } from '@jest/globals';
import {
  applyNewRequestAction,
  INITIAL_NEW_REQUEST_STATE,
  isNewRequestOpen,
  OPEN_NEW_REQUEST_STATES,
  type NewRequestAction,
  type NewRequestState,
} from './new-request.js';

describe('a new request', () => {
  it.each<[NewRequestState, NewRequestAction, NewRequestState | 'CASE_CLOSED']>([
    ['requested', 'complete', 'completed'],
    ['requested', 'abandon', 'abandoned'],
    ['completed', 'complete', 'CASE_CLOSED'],
    ['completed', 'abandon', 'CASE_CLOSED'],
    ['abandoned', 'complete', 'CASE_CLOSED'],
    ['abandoned', 'abandon', 'CASE_CLOSED'],
  ])('%s + %s -> %s', (state, action, outcome) => {
    const result = applyNewRequestAction(state, action);
    if (outcome === 'CASE_CLOSED') expect(result).toMatchObject({ ok: false, reason: 'CASE_CLOSED' });
    else expect(result).toEqual({ ok: true, value: outcome });
  });

  it('starts requested and is open until completed or abandoned', () => {
    expect(INITIAL_NEW_REQUEST_STATE).toBe('requested');
    expect(isNewRequestOpen('requested')).toBe(true);
    expect(isNewRequestOpen('completed')).toBe(false);
    expect(OPEN_NEW_REQUEST_STATES).toEqual(['requested']);
    expect(isNewRequestOpen('abandoned')).toBe(false);
  });

  it('refuses states and actions that do not exist', () => {
    expect(() => applyNewRequestAction('sent' as NewRequestState, 'complete')).toThrow(RangeError);
    expect(() => applyNewRequestAction('requested', 'renew' as NewRequestAction)).toThrow(RangeError);
  });
});
