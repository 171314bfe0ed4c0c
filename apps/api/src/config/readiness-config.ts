import { z } from 'zod';
import { readinessVariablesProblem, type ReadinessPolicyVariables } from '@certdesk/contracts';
import { DEFAULT_READINESS_POLICY } from '@certdesk/domain';

const days = z.coerce.number().int().min(0).max(3650);

/** Renewal readiness's policy (libs/domain readiness.ts): its defaults there, each overridable here. */
export const READINESS_VARIABLES = {
  READINESS_ATTESTATION_DAYS: days.default(DEFAULT_READINESS_POLICY.attestationValidityDays),
  READINESS_LEAD_TIME_DAYS: days.default(DEFAULT_READINESS_POLICY.leadTimeDays),
  READINESS_DIGEST_DAYS: days.default(DEFAULT_READINESS_POLICY.digestFromDays),
  READINESS_ESCALATION_DAYS: days.default(DEFAULT_READINESS_POLICY.escalationAtDays),
};

/** The variables together: the escalation after the digest starts, a lead time shorter than the window. */
export function checkReadinessPolicy(env: ReadinessPolicyVariables, ctx: z.RefinementCtx): void {
  const problem = readinessVariablesProblem(env);
  if (problem) ctx.addIssue({ code: 'custom', path: [problem.variable], message: problem.message });
}
