// The 3-phase renewal (DOMAIN.md "Renewal, in 3 phases"; seeds 003 and 004), plus the step Certdesk adds
// after it: giving the integrators the new keystore. The api enforces this order; each step is an audit event.
import { fail, ok, type Result } from '../result.js';

export type RenewalState =
  'phase1-sent' | 'phase2-completed' | 'phase3-etk-activated' | 'deployments-updated' | 'abandoned';
export type RenewalAction = 'complete' | 'activate-etk' | 'update-deployments' | 'abandon';
export type LifecycleTransitionError = 'OUT_OF_ORDER' | 'CASE_CLOSED';

export const RENEWAL_STATES: readonly RenewalState[] = [
  'phase1-sent',
  'phase2-completed',
  'phase3-etk-activated',
  'deployments-updated',
  'abandoned',
];
export const RENEWAL_ACTIONS: readonly RenewalAction[] = [
  'complete',
  'activate-etk',
  'update-deployments',
  'abandon',
];

/** A renewal case starts when phase 1 has been sent with the eHealth tool. */
export const INITIAL_RENEWAL_STATE: RenewalState = 'phase1-sent';

export const RENEWAL_PHASES: readonly {
  state: RenewalState;
  phase: 1 | 2 | 3 | 4;
  title: string;
  whatItMeans: string;
}[] = [
  {
    state: 'phase1-sent',
    phase: 1,
    title: 'Renewal requested',
    whatItMeans:
      'In the eHealth Certificate Manager, "Renew your eHealth certificate": the current keystore was opened with ' +
      'its password and the eID PIN, contact data and usages checked, a new keystore password chosen, and the ' +
      'request signed and sent. Wait for the e-mail saying the certificate is produced.',
  },
  {
    state: 'phase2-completed',
    phase: 2,
    title: 'Renewal completed',
    whatItMeans:
      '"Complete your renewal request": the renewed certificate was installed in the keystore and the new ETK ' +
      'generated. The old certificate is still the active one.',
  },
  {
    state: 'phase3-etk-activated',
    phase: 3,
    title: 'Renewal ETK activated',
    whatItMeans:
      '"Activate your renewal ETK": this deactivated the old certificate and activated the new one. The software ' +
      'using the certificate must now be given the new keystore.',
  },
  {
    state: 'deployments-updated',
    phase: 4,
    title: 'Integrators updated',
    whatItMeans:
      'Every system and integrator using the certificate has the new keystore (and its password). The renewal is done.',
  },
];

const NEXT: Readonly<Record<RenewalState, { action: RenewalAction; to: RenewalState } | null>> = {
  'phase1-sent': { action: 'complete', to: 'phase2-completed' },
  'phase2-completed': { action: 'activate-etk', to: 'phase3-etk-activated' },
  'phase3-etk-activated': { action: 'update-deployments', to: 'deployments-updated' },
  'deployments-updated': null,
  abandoned: null,
};

export function isRenewalOpen(state: RenewalState): boolean {
  return NEXT[state] !== null;
}

/** The states a case can still move on from: what SQL reads as an open renewal. */
export const OPEN_RENEWAL_STATES: readonly RenewalState[] = RENEWAL_STATES.filter(isRenewalOpen);

/** The action that moves an open case on (abandoning aside); null for a closed case. */
export function nextRenewalAction(state: RenewalState): RenewalAction | null {
  return NEXT[state]?.action ?? null;
}

/**
 * The state after `action`, or why it cannot be done: `CASE_CLOSED` once the case is done or abandoned,
 * `OUT_OF_ORDER` for a step that is not the next one. An open case can be abandoned at any phase.
 */
export function applyRenewalAction(
  state: RenewalState,
  action: RenewalAction,
): Result<RenewalState, LifecycleTransitionError> {
  const next = NEXT[state];
  if (next === undefined) throw new RangeError(`Unknown renewal state "${String(state)}".`);
  if (!RENEWAL_ACTIONS.includes(action)) throw new RangeError(`Unknown renewal action "${String(action)}".`);
  if (next === null) {
    return fail(
      'CASE_CLOSED',
      `This renewal is ${state === 'abandoned' ? 'abandoned' : 'finished'}: nothing more can be done on it.`,
    );
  }
  if (action === 'abandon') return ok('abandoned');
  if (action !== next.action) {
    return fail('OUT_OF_ORDER', `The next step of this renewal is "${next.action}", not "${action}".`);
  }
  return ok(next.to);
}
