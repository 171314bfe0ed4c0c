// Renewal readiness: whether a renewal started in the renewal window will succeed, judged months before it opens
// from what Certdesk already knows. Seed 004 names the causes of lost certificates: the password is lost, the
// keystore is lost, or the manager has left; each condition below watches one of them.
import { brusselsDate, brusselsEpochDay } from './brussels-date.js';
import { daysLeft, RENEWAL_WINDOW_DAYS } from './status.js';

export const READINESS_CONDITION_CODES = [
  'MANAGER_DESIGNATED',
  'MANAGER_EMPLOYED',
  'MANAGER_EID_KNOWN',
  'MANAGER_EID_VALID_THROUGH_WINDOW',
  'KEYSTORE_LOCATION_KNOWN',
  'CUSTODIAN_NAMED',
  'CUSTODIAN_ATTESTED_RECENTLY',
  'DEPLOYMENTS_HAVE_CONTACT',
  'ENOUGH_DAYS_LEFT',
] as const;
export type ReadinessConditionCode = (typeof READINESS_CONDITION_CODES)[number];

export const CUSTODY_OUTCOMES = ['opened', 'failed'] as const;
export type CustodyOutcome = (typeof CUSTODY_OUTCOMES)[number];
export const CUSTODY_FAILURES = ['wrong-password', 'keystore-not-found', 'unreadable'] as const;
export type CustodyFailure = (typeof CUSTODY_FAILURES)[number];

/** How a failed attempt reads in a condition's detail. */
export const CUSTODY_FAILURE_TEXT: Record<CustodyFailure, string> = {
  'wrong-password': 'wrong password',
  'keystore-not-found': 'keystore not found',
  unreadable: 'keystore unreadable',
};

export interface ReadinessPolicy {
  /** An "opened" attestation counts this many days (Brussels calendar days, inclusive). */
  attestationValidityDays: number;
  /** The days eHealth needs between a renewal request and the renewed certificate. */
  leadTimeDays: number;
  /** A certificate that is not ready joins the organisation's digest from this many days left. */
  digestFromDays: number;
  /** ... and its administrators get an escalation at this many days left. */
  escalationAtDays: number;
}

export const DEFAULT_READINESS_POLICY: Readonly<ReadinessPolicy> = Object.freeze({
  attestationValidityDays: 180,
  leadTimeDays: 10,
  digestFromDays: 180,
  escalationAtDays: 120,
});

/**
 * Where `now` puts readiness's time-bound conditions, as Brussels days (brusselsEpochDay), for a database to compare
 * with: a custodian's opening counts from the day `attestedFromDay` on (CUSTODIAN_ATTESTED_RECENTLY), a notAfter
 * leaves more days than the lead time from the day `enoughFromDay` on (ENOUGH_DAYS_LEFT), and the digest's horizon
 * (`digestFromDays` days left at most) ends before the day `horizonEndDay`. Each bound starts its day
 * (status-thresholds.ts startOfBrusselsDay).
 */
export function readinessBoundDays(now: Date, policy: ReadinessPolicy) {
  const today = brusselsEpochDay(now);
  return {
    attestedFromDay: today - policy.attestationValidityDays,
    enoughFromDay: today + policy.leadTimeDays + 1,
    horizonEndDay: today + policy.digestFromDays + 1,
  };
}

/** What Certdesk knows around one certificate; null where nothing is recorded. */
export interface ReadinessFacts {
  /** The certificate's own notAfter: the renewal window closes then. */
  notAfter: Date;
  manager: ReadinessPerson | null;
  /**
   * The manager's eID as last seen (an eID log-in or a handover signature): the notAfter of its certificate.
   * Null when the manager never used their eID with Certdesk.
   */
  managerEid: { seenVia: 'eid-login' | 'handover-signature'; notAfter: Date } | null;
  keystore: { fileName: string; host: string | null; path: string | null } | null;
  custodian: ReadinessPerson | null;
  /** The named custodian's latest custody check (another person's never counts). */
  custodianLastAttestation: {
    outcome: CustodyOutcome;
    checkedAt: Date;
    failure: CustodyFailure | null;
  } | null;
  deployments: { software: string; contactEmail: string | null }[];
}

export interface ReadinessPerson {
  name: string;
  /** Still works for the organisation. */
  employed: boolean;
  /** The day they left or leave (YYYY-MM-DD, Brussels), when known. */
  leftOn: string | null;
}

export interface ReadinessCondition {
  code: ReadinessConditionCode;
  met: boolean;
  /** What was found, in English; for an unmet condition, what is missing. */
  detail: string;
}

export interface RenewalReadiness {
  ready: boolean;
  conditions: ReadinessCondition[];
}

/** Every condition, in READINESS_CONDITION_CODES order; ready when all are met. */
export function renewalReadiness(
  facts: ReadinessFacts,
  now: Date,
  policy: ReadinessPolicy = DEFAULT_READINESS_POLICY,
): RenewalReadiness {
  const windowCloses = brusselsDate(facts.notAfter);
  const conditions: ReadinessCondition[] = [
    managerDesignated(facts),
    managerEmployed(facts, now),
    managerEidKnown(facts),
    managerEidValidThroughWindow(facts, windowCloses),
    keystoreLocationKnown(facts),
    custodianNamed(facts),
    custodianAttestedRecently(facts, now, policy),
    deploymentsHaveContact(facts),
    enoughDaysLeft(facts, now, policy, windowCloses),
  ];
  return { ready: conditions.every((c) => c.met), conditions };
}

const condition = (code: ReadinessConditionCode, met: boolean, detail: string): ReadinessCondition => ({
  code,
  met,
  detail,
});

function managerDesignated({ manager }: ReadinessFacts): ReadinessCondition {
  return manager
    ? condition('MANAGER_DESIGNATED', true, `${manager.name} is the certificate manager`)
    : condition('MANAGER_DESIGNATED', false, 'no certificate manager is designated');
}

/**
 * Employed today and not leaving before the window closes: a manager who leaves tomorrow will not be there for the
 * renewal.
 */
function managerEmployed({ manager, notAfter }: ReadinessFacts, now: Date): ReadinessCondition {
  if (!manager) return condition('MANAGER_EMPLOYED', false, 'no certificate manager is designated');
  const today = brusselsDate(now);
  if (manager.leftOn !== null && manager.leftOn <= today) {
    return condition('MANAGER_EMPLOYED', false, `${manager.name} left on ${manager.leftOn}`);
  }
  if (!manager.employed) return condition('MANAGER_EMPLOYED', false, `${manager.name} has left`);
  if (manager.leftOn !== null && manager.leftOn <= brusselsDate(notAfter)) {
    return condition(
      'MANAGER_EMPLOYED',
      false,
      `${manager.name} leaves on ${manager.leftOn}, before the renewal window closes`,
    );
  }
  return condition('MANAGER_EMPLOYED', true, `${manager.name} still works here`);
}

const SEEN_VIA = { 'eid-login': 'an eID log-in', 'handover-signature': 'a handover signature' } as const;

function managerEidKnown({ manager, managerEid }: ReadinessFacts): ReadinessCondition {
  if (!manager) return condition('MANAGER_EID_KNOWN', false, 'no certificate manager is designated');
  return managerEid
    ? condition(
        'MANAGER_EID_KNOWN',
        true,
        `${manager.name}'s eID is known from ${SEEN_VIA[managerEid.seenVia]}`,
      )
    : condition(
        'MANAGER_EID_KNOWN',
        false,
        `${manager.name} has never logged in or signed with their eID in Certdesk`,
      );
}

/** The eID must sign the renewal on any day of the window, so it must stay valid through the window's last instant. */
function managerEidValidThroughWindow(
  { manager, managerEid, notAfter }: ReadinessFacts,
  windowCloses: string,
): ReadinessCondition {
  if (!manager || !managerEid) {
    return condition('MANAGER_EID_VALID_THROUGH_WINDOW', false, "the manager's eID is not known");
  }
  const eidExpires = brusselsDate(managerEid.notAfter);
  return managerEid.notAfter.getTime() >= notAfter.getTime()
    ? condition(
        'MANAGER_EID_VALID_THROUGH_WINDOW',
        true,
        `${manager.name}'s eID is valid until ${eidExpires}, after the renewal window closes on ${windowCloses}`,
      )
    : condition(
        'MANAGER_EID_VALID_THROUGH_WINDOW',
        false,
        `${manager.name}'s eID expires on ${eidExpires}, before the renewal window closes on ${windowCloses}: ` +
          'renew the eID card first',
      );
}

/** Both the PC and the folder: a file name alone is not a place anyone can go to (the warnings' rule too). */
function keystoreLocationKnown({ keystore }: ReadinessFacts): ReadinessCondition {
  if (!keystore)
    return condition('KEYSTORE_LOCATION_KNOWN', false, 'where the keystore lives is not recorded');
  if (!keystore.host || !keystore.path) {
    return condition(
      'KEYSTORE_LOCATION_KNOWN',
      false,
      `${keystore.fileName}: ${!keystore.host ? 'the PC' : 'the folder'} it lives in is not recorded`,
    );
  }
  return condition(
    'KEYSTORE_LOCATION_KNOWN',
    true,
    `${keystore.fileName} on ${keystore.host}, in ${keystore.path}`,
  );
}

function custodianNamed({ custodian }: ReadinessFacts): ReadinessCondition {
  if (!custodian) return condition('CUSTODIAN_NAMED', false, 'nobody is named as the password custodian');
  if (!custodian.employed) {
    return condition('CUSTODIAN_NAMED', false, `${custodian.name}, the password custodian, has left`);
  }
  return condition('CUSTODIAN_NAMED', true, `${custodian.name} knows the keystore password`);
}

/** The custodian's latest attempt decides: a failure after a success is a password that has just been lost. */
function custodianAttestedRecently(
  { custodian, custodianLastAttestation: last }: ReadinessFacts,
  now: Date,
  policy: ReadinessPolicy,
): ReadinessCondition {
  if (!custodian) return condition('CUSTODIAN_ATTESTED_RECENTLY', false, 'no password custodian is named');
  if (!last) {
    return condition(
      'CUSTODIAN_ATTESTED_RECENTLY',
      false,
      `${custodian.name} has never checked that the keystore still opens`,
    );
  }
  const on = brusselsDate(last.checkedAt);
  if (last.outcome === 'failed') {
    const why = last.failure ? CUSTODY_FAILURE_TEXT[last.failure] : 'the keystore did not open';
    return condition('CUSTODIAN_ATTESTED_RECENTLY', false, `last attempt failed: ${why} (${on})`);
  }
  const age = brusselsEpochDay(now) - brusselsEpochDay(last.checkedAt);
  return age <= policy.attestationValidityDays
    ? condition('CUSTODIAN_ATTESTED_RECENTLY', true, `${custodian.name} opened the keystore on ${on}`)
    : condition(
        'CUSTODIAN_ATTESTED_RECENTLY',
        false,
        `${custodian.name} last opened the keystore on ${on}, more than ${policy.attestationValidityDays} days ago`,
      );
}

function deploymentsHaveContact({ deployments }: ReadinessFacts): ReadinessCondition {
  if (deployments.length === 0)
    return condition('DEPLOYMENTS_HAVE_CONTACT', true, 'no deployment is recorded');
  const without = deployments.filter((d) => !d.contactEmail?.trim());
  return without.length === 0
    ? condition('DEPLOYMENTS_HAVE_CONTACT', true, `all ${deployments.length} deployments have a contact`)
    : condition(
        'DEPLOYMENTS_HAVE_CONTACT',
        false,
        `no contact for ${without.map((d) => d.software).join(', ')}`,
      );
}

/**
 * The renewal must be sent at least the lead time before expiry: with daysLeft days to the expiry day, daysLeft -
 * leadTime days remain to send it, and none remain on the day that equals the lead time.
 */
function enoughDaysLeft(
  { notAfter }: ReadinessFacts,
  now: Date,
  policy: ReadinessPolicy,
  windowCloses: string,
): ReadinessCondition {
  const left = daysLeft(notAfter, now);
  const toSend = left - policy.leadTimeDays;
  if (toSend <= 0) {
    return condition(
      'ENOUGH_DAYS_LEFT',
      false,
      left < 0
        ? `the certificate expired on ${windowCloses}`
        : `${left} days left, and eHealth needs about ${policy.leadTimeDays}: request a new certificate`,
    );
  }
  const usable = Math.min(toSend, RENEWAL_WINDOW_DAYS - policy.leadTimeDays);
  return condition(
    'ENOUGH_DAYS_LEFT',
    true,
    `${usable} ${usable === 1 ? 'day' : 'days'} to send the renewal within the window (it closes on ${windowCloses}; eHealth needs about ` +
      `${policy.leadTimeDays})`,
  );
}

/** Checks a policy read from configuration: whole days, the escalation no earlier than the digest. */
/** What is wrong with a policy: a value out of range, or two values in the wrong order; the field to blame. */
export interface ReadinessPolicyFault {
  field: keyof ReadinessPolicy;
  kind: 'range' | 'order';
  message: string;
}

export function readinessPolicyFault(policy: ReadinessPolicy): ReadinessPolicyFault | null {
  for (const [name, value] of Object.entries(policy) as [keyof ReadinessPolicy, number][]) {
    if (!Number.isInteger(value) || value < 0 || value > 3650) {
      return {
        field: name,
        kind: 'range',
        message: `${name} must be a whole number of days between 0 and 3650, not ${String(value)}`,
      };
    }
  }
  if (policy.escalationAtDays > policy.digestFromDays) {
    return {
      field: 'escalationAtDays',
      kind: 'order',
      message: `the escalation (${policy.escalationAtDays} days) must not come before the digest (${policy.digestFromDays} days)`,
    };
  }
  if (policy.leadTimeDays >= RENEWAL_WINDOW_DAYS) {
    return {
      field: 'leadTimeDays',
      kind: 'order',
      message: `the lead time (${policy.leadTimeDays} days) must be shorter than the ${RENEWAL_WINDOW_DAYS}-day renewal window`,
    };
  }
  return null;
}

export function readinessPolicyProblem(policy: ReadinessPolicy): string | null {
  return readinessPolicyFault(policy)?.message ?? null;
}
