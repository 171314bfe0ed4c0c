import { describe, expect, it } from '@jest/globals';
import {
  applyRenewalAction,
  INITIAL_RENEWAL_STATE,
  isRenewalOpen,
  nextRenewalAction,
  OPEN_RENEWAL_STATES,
  RENEWAL_ACTIONS,
  RENEWAL_PHASES,
  RENEWAL_STATES,
  type RenewalAction,
  type RenewalState,
} from './renewal.js';

describe('the renewal, in order', () => {
  it('goes phase 1 -> 2 -> 3 -> deployments updated, then is closed', () => {
    let state: RenewalState = INITIAL_RENEWAL_STATE;
    const path: RenewalState[] = [state];
    for (const action of ['complete', 'activate-etk', 'update-deployments'] as const) {
      const result = applyRenewalAction(state, action);
      if (!result.ok) throw new Error(result.message);
      state = result.value;
      path.push(state);
    }
    expect(path).toEqual(['phase1-sent', 'phase2-completed', 'phase3-etk-activated', 'deployments-updated']);
    expect(isRenewalOpen(state)).toBe(false);
  });

  /** Every state x action, with what must happen. */
  const expected: Record<
    RenewalState,
    Record<RenewalAction, RenewalState | 'OUT_OF_ORDER' | 'CASE_CLOSED'>
  > = {
    'phase1-sent': {
      complete: 'phase2-completed',
      'activate-etk': 'OUT_OF_ORDER',
      'update-deployments': 'OUT_OF_ORDER',
      abandon: 'abandoned',
    },
    'phase2-completed': {
      complete: 'OUT_OF_ORDER',
      'activate-etk': 'phase3-etk-activated',
      'update-deployments': 'OUT_OF_ORDER',
      abandon: 'abandoned',
    },
    'phase3-etk-activated': {
      complete: 'OUT_OF_ORDER',
      'activate-etk': 'OUT_OF_ORDER',
      'update-deployments': 'deployments-updated',
      abandon: 'abandoned',
    },
    'deployments-updated': {
      complete: 'CASE_CLOSED',
      'activate-etk': 'CASE_CLOSED',
      'update-deployments': 'CASE_CLOSED',
      abandon: 'CASE_CLOSED',
    },
    abandoned: {
      complete: 'CASE_CLOSED',
      'activate-etk': 'CASE_CLOSED',
      'update-deployments': 'CASE_CLOSED',
      abandon: 'CASE_CLOSED',
    },
  };
  const cases = RENEWAL_STATES.flatMap((state) =>
    RENEWAL_ACTIONS.map((action) => [state, action, expected[state][action]] as const),
  );

  it.each(cases)('%s + %s -> %s', (state, action, outcome) => {
    const result = applyRenewalAction(state, action);
    if (outcome === 'OUT_OF_ORDER' || outcome === 'CASE_CLOSED') {
      expect(result).toMatchObject({ ok: false, reason: outcome });
      expect(result.ok || result.message.length > 10).toBe(true);
    } else {
      expect(result).toEqual({ ok: true, value: outcome });
    }
  });

  it('says which step comes next', () => {
    expect(RENEWAL_STATES.map(nextRenewalAction)).toEqual([
      'complete',
      'activate-etk',
      'update-deployments',
      null,
      null,
    ]);
    expect(applyRenewalAction('phase1-sent', 'activate-etk')).toMatchObject({
      message: expect.stringContaining('"complete"'),
    });
  });

  it('is open until the deployments are updated or it is abandoned', () => {
    expect(RENEWAL_STATES.filter(isRenewalOpen)).toEqual([
      'phase1-sent',
      'phase2-completed',
      'phase3-etk-activated',
    ]);
    expect(OPEN_RENEWAL_STATES).toEqual(['phase1-sent', 'phase2-completed', 'phase3-etk-activated']);
  });

  it('refuses states and actions that do not exist (programming errors)', () => {
    expect(() => applyRenewalAction('phase9' as RenewalState, 'complete')).toThrow(RangeError);
    expect(() => applyRenewalAction('phase1-sent', 'skip' as RenewalAction)).toThrow(RangeError);
  });
});

describe('RENEWAL_PHASES', () => {
  it('describes the four steps in order', () => {
    expect(RENEWAL_PHASES.map((p) => [p.phase, p.state])).toEqual([
      [1, 'phase1-sent'],
      [2, 'phase2-completed'],
      [3, 'phase3-etk-activated'],
      [4, 'deployments-updated'],
    ]);
  });

  it('explains each in English, naming what the person does in the eHealth tool', () => {
    for (const phase of RENEWAL_PHASES) {
      expect(phase.title.length).toBeGreaterThan(5);
      expect(phase.whatItMeans.length).toBeGreaterThan(40);
    }
    expect(RENEWAL_PHASES[2]?.whatItMeans).toMatch(/deactivated the old certificate/);
  });
});
