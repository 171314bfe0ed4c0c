import { z } from 'zod';
import { DEFAULT_READINESS_POLICY, readinessPolicyProblem, type ReadinessPolicy } from '@certdesk/domain';

const days = z.coerce.number().int().min(0).max(3650);

/** Renewal readiness's policy (libs/domain readiness.ts): its defaults there, each overridable here. */
export const READINESS_VARIABLES = {
  READINESS_ATTESTATION_DAYS: days.default(DEFAULT_READINESS_POLICY.attestationValidityDays),
  READINESS_LEAD_TIME_DAYS: days.default(DEFAULT_READINESS_POLICY.leadTimeDays),
  READINESS_DIGEST_DAYS: days.default(DEFAULT_READINESS_POLICY.digestFromDays),
  READINESS_ESCALATION_DAYS: days.default(DEFAULT_READINESS_POLICY.escalationAtDays),
};

type ReadinessVariables = { [K in keyof typeof READINESS_VARIABLES]: number };

export function readinessPolicyFromEnv(env: ReadinessVariables): ReadinessPolicy {
  return {
    attestationValidityDays: env.READINESS_ATTESTATION_DAYS,
    leadTimeDays: env.READINESS_LEAD_TIME_DAYS,
    digestFromDays: env.READINESS_DIGEST_DAYS,
    escalationAtDays: env.READINESS_ESCALATION_DAYS,
  };
}

/** The variables together: the escalation after the digest starts, a lead time shorter than the window. */
export function checkReadinessPolicy(env: ReadinessVariables, ctx: z.RefinementCtx): void {
  const problem = readinessPolicyProblem(readinessPolicyFromEnv(env));
  if (problem) ctx.addIssue({ code: 'custom', path: ['READINESS_ESCALATION_DAYS'], message: problem });
}
