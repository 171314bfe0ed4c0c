import { describe, expect, it } from '@jest/globals';
import { DEFAULT_READINESS_POLICY } from '@certdesk/domain';
import { loadConfig } from './config.js';
import { configProblems, MINIMAL_ENV } from '../../test/support/config-problems.js';

describe('READINESS_* (renewal readiness)', () => {
  it("takes libs/domain's policy by default, and each variable's value when given", () => {
    expect(loadConfig(MINIMAL_ENV).readiness).toEqual(DEFAULT_READINESS_POLICY);
    expect(
      loadConfig({
        ...MINIMAL_ENV,
        READINESS_ATTESTATION_DAYS: '90',
        READINESS_LEAD_TIME_DAYS: '15',
        READINESS_DIGEST_DAYS: '200',
        READINESS_ESCALATION_DAYS: '150',
      }).readiness,
    ).toEqual({ attestationValidityDays: 90, leadTimeDays: 15, digestFromDays: 200, escalationAtDays: 150 });
  });

  it.each([
    [
      'an escalation before the digest starts',
      { READINESS_DIGEST_DAYS: '100', READINESS_ESCALATION_DAYS: '120' },
      'READINESS_ESCALATION_DAYS',
      /must not come before the digest/,
    ],
    [
      'a lead time as long as the window',
      { READINESS_LEAD_TIME_DAYS: '90' },
      'READINESS_LEAD_TIME_DAYS',
      /shorter than the 90-day renewal window/,
    ],
    ['a word', { READINESS_DIGEST_DAYS: 'soon' }, 'READINESS_DIGEST_DAYS', /number/],
    [
      'a control character',
      { READINESS_ATTESTATION_DAYS: '18\u00070' },
      'READINESS_ATTESTATION_DAYS',
      /number/,
    ],
    [
      'a huge number',
      { READINESS_ATTESTATION_DAYS: '9'.repeat(400) },
      'READINESS_ATTESTATION_DAYS',
      /number/,
    ],
    ['a negative number', { READINESS_LEAD_TIME_DAYS: '-1' }, 'READINESS_LEAD_TIME_DAYS', /0/],
  ])('refuses %s, naming the variable', (_, env, variable, message) => {
    const problems = configProblems(env);
    expect(problems).toEqual([{ variable, message: expect.stringMatching(message) }]);
    expect(problems[0]!.message.length).toBeLessThan(200);
  });
});
