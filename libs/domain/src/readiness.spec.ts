import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_READINESS_POLICY,
  READINESS_CONDITION_CODES,
  readinessPolicyProblem,
  renewalReadiness,
  type ReadinessConditionCode,
  type ReadinessFacts,
} from './readiness.js';

// Noon in Brussels (11:00 UTC in winter), so day arithmetic never sits on a midnight.
const NOW = new Date('2026-12-03T11:00:00Z');
const day = (n: number, from = NOW) => new Date(from.getTime() + n * 86_400_000);
const NOT_AFTER = day(200);

function facts(overrides: Partial<ReadinessFacts> = {}): ReadinessFacts {
  return {
    notAfter: NOT_AFTER,
    manager: { name: 'Marie Manager', employed: true, leftOn: null },
    managerEid: { seenVia: 'eid-login', notAfter: day(400) },
    keystore: {
      fileName: 'SSIN=85010112345 20160226-134804.p12',
      host: 'PC-ACCUEIL-01',
      path: 'C:\\ehealth',
    },
    custodian: { name: 'Paul Custodian', employed: true, leftOn: null },
    custodianLastAttestation: { outcome: 'opened', checkedAt: day(-10), failure: null },
    deployments: [{ software: 'Ambuweb', contactEmail: 'support@ambuweb.example' }],
    ...overrides,
  };
}

function conditionOf(f: ReadinessFacts, code: ReadinessConditionCode, now = NOW) {
  const found = renewalReadiness(f, now).conditions.find((c) => c.code === code);
  if (!found) throw new Error(`no ${code}`);
  return found;
}

describe('renewalReadiness', () => {
  it('is ready when every condition is met, and names each condition once, in order', () => {
    const readiness = renewalReadiness(facts(), NOW);
    expect(readiness.ready).toBe(true);
    expect(readiness.conditions.map((c) => c.code)).toEqual(READINESS_CONDITION_CODES);
    expect(readiness.conditions.every((c) => c.met)).toBe(true);
  });

  it('is not ready as soon as one condition is unmet', () => {
    const readiness = renewalReadiness(facts({ deployments: [{ software: 'X', contactEmail: null }] }), NOW);
    expect(readiness.ready).toBe(false);
    expect(readiness.conditions.filter((c) => !c.met).map((c) => c.code)).toEqual([
      'DEPLOYMENTS_HAVE_CONTACT',
    ]);
  });

  describe('MANAGER_DESIGNATED', () => {
    it('is met with a manager and unmet without, which also leaves every manager condition unmet', () => {
      expect(conditionOf(facts(), 'MANAGER_DESIGNATED')).toMatchObject({ met: true });
      const none = renewalReadiness(facts({ manager: null }), NOW);
      expect(none.conditions.filter((c) => !c.met).map((c) => c.code)).toEqual([
        'MANAGER_DESIGNATED',
        'MANAGER_EMPLOYED',
        'MANAGER_EID_KNOWN',
        'MANAGER_EID_VALID_THROUGH_WINDOW',
      ]);
      expect(none.conditions[0]).toEqual({
        code: 'MANAGER_DESIGNATED',
        met: false,
        detail: 'no certificate manager is designated',
      });
    });
  });

  describe('MANAGER_EMPLOYED', () => {
    it('is unmet for a manager who has left, with the day', () => {
      const left = conditionOf(
        facts({ manager: { name: 'Marie Manager', employed: false, leftOn: '2026-11-30' } }),
        'MANAGER_EMPLOYED',
      );
      expect(left).toEqual({
        code: 'MANAGER_EMPLOYED',
        met: false,
        detail: 'Marie Manager left on 2026-11-30',
      });
    });

    it('is unmet for a manager who left on an unknown day', () => {
      expect(
        conditionOf(facts({ manager: { name: 'M', employed: false, leftOn: null } }), 'MANAGER_EMPLOYED'),
      ).toMatchObject({ met: false, detail: 'M has left' });
    });

    it('is unmet for a manager who leaves tomorrow: they will not be there for the renewal', () => {
      const tomorrow = conditionOf(
        facts({ manager: { name: 'M', employed: true, leftOn: '2026-12-04' } }),
        'MANAGER_EMPLOYED',
      );
      expect(tomorrow).toMatchObject({
        met: false,
        detail: 'M leaves on 2026-12-04, before the renewal window closes',
      });
    });

    it('is unmet on the day they leave, and met when they leave after the window closes', () => {
      expect(
        conditionOf(
          facts({ manager: { name: 'M', employed: true, leftOn: '2026-12-03' } }),
          'MANAGER_EMPLOYED',
        ),
      ).toMatchObject({ met: false, detail: 'M left on 2026-12-03' });
      const after = '2027-06-22'; // NOT_AFTER is 2027-06-21 in Brussels
      expect(
        conditionOf(facts({ manager: { name: 'M', employed: true, leftOn: after } }), 'MANAGER_EMPLOYED'),
      ).toMatchObject({ met: true });
      expect(
        conditionOf(
          facts({ manager: { name: 'M', employed: true, leftOn: '2027-06-21' } }),
          'MANAGER_EMPLOYED',
        ),
      ).toMatchObject({ met: false });
    });
  });

  describe('MANAGER_EID_KNOWN', () => {
    it('is met from an eID log-in or a handover signature, unmet when never seen', () => {
      expect(conditionOf(facts(), 'MANAGER_EID_KNOWN').detail).toBe(
        "Marie Manager's eID is known from an eID log-in",
      );
      expect(
        conditionOf(
          facts({ managerEid: { seenVia: 'handover-signature', notAfter: day(400) } }),
          'MANAGER_EID_KNOWN',
        ).detail,
      ).toBe("Marie Manager's eID is known from a handover signature");
      const unknown = renewalReadiness(facts({ managerEid: null }), NOW);
      expect(unknown.conditions.filter((c) => !c.met)).toEqual([
        {
          code: 'MANAGER_EID_KNOWN',
          met: false,
          detail: 'Marie Manager has never logged in or signed with their eID in Certdesk',
        },
        { code: 'MANAGER_EID_VALID_THROUGH_WINDOW', met: false, detail: "the manager's eID is not known" },
      ]);
    });
  });

  describe('MANAGER_EID_VALID_THROUGH_WINDOW', () => {
    it('is unmet for an eID certificate expiring one day before the window closes', () => {
      expect(
        conditionOf(
          facts({ managerEid: { seenVia: 'eid-login', notAfter: day(199) } }),
          'MANAGER_EID_VALID_THROUGH_WINDOW',
        ),
      ).toEqual({
        code: 'MANAGER_EID_VALID_THROUGH_WINDOW',
        met: false,
        detail:
          "Marie Manager's eID expires on 2027-06-20, before the renewal window closes on 2027-06-21: renew the eID card first",
      });
    });

    it('is met for an eID valid until the very instant the window closes, or later', () => {
      for (const notAfter of [NOT_AFTER, day(201)]) {
        expect(
          conditionOf(
            facts({ managerEid: { seenVia: 'eid-login', notAfter } }),
            'MANAGER_EID_VALID_THROUGH_WINDOW',
          ),
        ).toMatchObject({ met: true });
      }
      expect(
        conditionOf(
          facts({ managerEid: { seenVia: 'eid-login', notAfter: new Date(NOT_AFTER.getTime() - 1000) } }),
          'MANAGER_EID_VALID_THROUGH_WINDOW',
        ),
      ).toMatchObject({ met: false });
    });
  });

  describe('KEYSTORE_LOCATION_KNOWN', () => {
    it('needs a keystore with both its PC and its folder', () => {
      expect(conditionOf(facts(), 'KEYSTORE_LOCATION_KNOWN')).toMatchObject({ met: true });
      expect(conditionOf(facts({ keystore: null }), 'KEYSTORE_LOCATION_KNOWN')).toMatchObject({
        met: false,
        detail: 'where the keystore lives is not recorded',
      });
      expect(
        conditionOf(
          facts({ keystore: { fileName: 'a.p12', host: null, path: 'C:\\x' } }),
          'KEYSTORE_LOCATION_KNOWN',
        ),
      ).toMatchObject({ met: false, detail: 'a.p12: the PC it lives in is not recorded' });
      expect(
        conditionOf(
          facts({ keystore: { fileName: 'a.p12', host: 'PC', path: '' } }),
          'KEYSTORE_LOCATION_KNOWN',
        ),
      ).toMatchObject({ met: false, detail: 'a.p12: the folder it lives in is not recorded' });
    });
  });

  describe('CUSTODIAN_NAMED', () => {
    it('needs a custodian who still works here', () => {
      expect(conditionOf(facts(), 'CUSTODIAN_NAMED')).toMatchObject({ met: true });
      expect(conditionOf(facts({ custodian: null }), 'CUSTODIAN_NAMED')).toMatchObject({
        met: false,
        detail: 'nobody is named as the password custodian',
      });
      expect(
        conditionOf(
          facts({ custodian: { name: 'P', employed: false, leftOn: '2026-01-01' } }),
          'CUSTODIAN_NAMED',
        ),
      ).toMatchObject({ met: false, detail: 'P, the password custodian, has left' });
    });
  });

  describe('CUSTODIAN_ATTESTED_RECENTLY', () => {
    const opened = (checkedAt: Date) =>
      facts({ custodianLastAttestation: { outcome: 'opened', checkedAt, failure: null } });

    it('counts an opening exactly 180 days ago, not 181', () => {
      expect(conditionOf(opened(day(-180)), 'CUSTODIAN_ATTESTED_RECENTLY')).toMatchObject({
        met: true,
        detail: 'Paul Custodian opened the keystore on 2026-06-06',
      });
      expect(conditionOf(opened(day(-181)), 'CUSTODIAN_ATTESTED_RECENTLY')).toEqual({
        code: 'CUSTODIAN_ATTESTED_RECENTLY',
        met: false,
        detail: 'Paul Custodian last opened the keystore on 2026-06-05, more than 180 days ago',
      });
    });

    it('counts in Brussels days: 180 days ago late in the evening still counts', () => {
      // 2026-06-06 23:30 in Brussels is 21:30 UTC.
      expect(
        conditionOf(opened(new Date('2026-06-06T21:30:00Z')), 'CUSTODIAN_ATTESTED_RECENTLY'),
      ).toMatchObject({ met: true });
    });

    it('is unmet when the latest attempt failed, saying why', () => {
      expect(
        conditionOf(
          facts({
            custodianLastAttestation: { outcome: 'failed', checkedAt: day(-1), failure: 'wrong-password' },
          }),
          'CUSTODIAN_ATTESTED_RECENTLY',
        ),
      ).toMatchObject({ met: false, detail: 'last attempt failed: wrong password (2026-12-02)' });
      expect(
        conditionOf(
          facts({
            custodianLastAttestation: {
              outcome: 'failed',
              checkedAt: day(-1),
              failure: 'keystore-not-found',
            },
          }),
          'CUSTODIAN_ATTESTED_RECENTLY',
        ).detail,
      ).toBe('last attempt failed: keystore not found (2026-12-02)');
    });

    it('is unmet without any check, or without a custodian', () => {
      expect(
        conditionOf(facts({ custodianLastAttestation: null }), 'CUSTODIAN_ATTESTED_RECENTLY'),
      ).toMatchObject({
        met: false,
        detail: 'Paul Custodian has never checked that the keystore still opens',
      });
      expect(conditionOf(facts({ custodian: null }), 'CUSTODIAN_ATTESTED_RECENTLY')).toMatchObject({
        met: false,
        detail: 'no password custodian is named',
      });
    });

    it('follows the policy', () => {
      const f = opened(day(-31));
      expect(
        renewalReadiness(f, NOW, { ...DEFAULT_READINESS_POLICY, attestationValidityDays: 30 }).ready,
      ).toBe(false);
      expect(
        renewalReadiness(f, NOW, { ...DEFAULT_READINESS_POLICY, attestationValidityDays: 31 }).ready,
      ).toBe(true);
    });
  });

  describe('DEPLOYMENTS_HAVE_CONTACT', () => {
    it('names the deployments without a contact; none recorded is met', () => {
      expect(
        conditionOf(
          facts({
            deployments: [
              { software: 'Ambuweb', contactEmail: 'a@b.example' },
              { software: 'Rescue', contactEmail: null },
              { software: 'Lab', contactEmail: '  ' },
            ],
          }),
          'DEPLOYMENTS_HAVE_CONTACT',
        ),
      ).toMatchObject({ met: false, detail: 'no contact for Rescue, Lab' });
      expect(conditionOf(facts({ deployments: [] }), 'DEPLOYMENTS_HAVE_CONTACT')).toMatchObject({
        met: true,
        detail: 'no deployment is recorded',
      });
    });
  });

  describe('ENOUGH_DAYS_LEFT', () => {
    it('is unmet on the day the days left equal the lead time, met the day before', () => {
      expect(conditionOf(facts({ notAfter: day(10) }), 'ENOUGH_DAYS_LEFT')).toMatchObject({
        met: false,
        detail: '10 days left, and eHealth needs about 10: request a new certificate',
      });
      expect(conditionOf(facts({ notAfter: day(11) }), 'ENOUGH_DAYS_LEFT')).toMatchObject({
        met: true,
        detail:
          '1 day to send the renewal within the window (it closes on 2026-12-14; eHealth needs about 10)',
      });
    });

    it('is unmet on the day the window closes and after it', () => {
      expect(
        conditionOf(facts({ notAfter: day(0, new Date('2026-12-03T22:00:00Z')) }), 'ENOUGH_DAYS_LEFT'),
      ).toMatchObject({
        met: false,
      });
      expect(conditionOf(facts({ notAfter: day(-1) }), 'ENOUGH_DAYS_LEFT')).toMatchObject({
        met: false,
        detail: 'the certificate expired on 2026-12-02',
      });
    });

    it('counts at most the window less the lead time', () => {
      expect(conditionOf(facts(), 'ENOUGH_DAYS_LEFT').detail).toMatch(/^80 days to send the renewal/);
    });

    it('follows the policy lead time', () => {
      const f = facts({ notAfter: day(15) });
      expect(renewalReadiness(f, NOW, { ...DEFAULT_READINESS_POLICY, leadTimeDays: 15 }).ready).toBe(false);
      expect(renewalReadiness(f, NOW, { ...DEFAULT_READINESS_POLICY, leadTimeDays: 14 }).ready).toBe(true);
    });
  });
});

describe('readinessPolicyProblem', () => {
  it('accepts the defaults', () => {
    expect(DEFAULT_READINESS_POLICY).toEqual({
      attestationValidityDays: 180,
      leadTimeDays: 10,
      digestFromDays: 180,
      escalationAtDays: 120,
    });
    expect(readinessPolicyProblem(DEFAULT_READINESS_POLICY)).toBeNull();
  });

  it.each([
    [{ leadTimeDays: 1.5 }, 'leadTimeDays must be a whole number of days between 0 and 3650, not 1.5'],
    [{ digestFromDays: -1 }, 'digestFromDays must be a whole number of days between 0 and 3650, not -1'],
    [
      { attestationValidityDays: Number.NaN },
      'attestationValidityDays must be a whole number of days between 0 and 3650, not NaN',
    ],
    [{ escalationAtDays: 200 }, 'the escalation (200 days) must not come before the digest (180 days)'],
    [{ leadTimeDays: 90 }, 'the lead time (90 days) must be shorter than the 90-day renewal window'],
  ])('refuses %j', (change, problem) => {
    expect(readinessPolicyProblem({ ...DEFAULT_READINESS_POLICY, ...change })).toBe(problem);
  });
});
