import { readinessPolicyFault, type ReadinessPolicy } from '@certdesk/domain';

// The environment variables that override renewal readiness's policy (libs/domain readiness.ts), read alike by the api
// (the certificate's readiness) and the notifier (the digest line and the escalation). Each app checks their values
// with its own configuration schema.

/** Each variable, and the policy field it sets. */
export const READINESS_POLICY_VARIABLES = {
  READINESS_ATTESTATION_DAYS: 'attestationValidityDays',
  READINESS_LEAD_TIME_DAYS: 'leadTimeDays',
  READINESS_DIGEST_DAYS: 'digestFromDays',
  READINESS_ESCALATION_DAYS: 'escalationAtDays',
} as const satisfies Record<string, keyof ReadinessPolicy>;

export type ReadinessPolicyVariables = Record<keyof typeof READINESS_POLICY_VARIABLES, number>;

/** The policy the variables' (checked) values make. */
export function readinessPolicyFromVariables(env: ReadinessPolicyVariables): ReadinessPolicy {
  return {
    attestationValidityDays: env.READINESS_ATTESTATION_DAYS,
    leadTimeDays: env.READINESS_LEAD_TIME_DAYS,
    digestFromDays: env.READINESS_DIGEST_DAYS,
    escalationAtDays: env.READINESS_ESCALATION_DAYS,
  };
}

/**
 * The variables' problem together (the escalation before the digest starts, a lead time as long as the window), on
 * the variable to blame. A value out of range is left to the app's schema, which names its variable once.
 */
export function readinessVariablesProblem(
  env: ReadinessPolicyVariables,
): { variable: keyof ReadinessPolicyVariables; message: string } | null {
  const fault = readinessPolicyFault(readinessPolicyFromVariables(env));
  if (!fault || fault.kind === 'range') return null;
  const [variable] = Object.entries(READINESS_POLICY_VARIABLES).find(([, field]) => field === fault.field)!;
  return { variable: variable as keyof ReadinessPolicyVariables, message: fault.message };
}
