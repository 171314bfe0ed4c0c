// Everything a mail says, in one language. The facts (days left, phases, revocation reasons, the 90-day window)
// come from libs/domain; these are only the words around them. One file per language implements this interface,
// so the compiler tells when a language misses a sentence.
import { type Environment, type MuteReason, type RenewalState } from '@certdesk/domain';

/** The three phases done in the eHealth Certificate Manager (libs/domain RENEWAL_PHASES 1 to 3). */
export type ToolPhaseState = 'phase1-sent' | 'phase2-completed' | 'phase3-etk-activated';
/** The step a stalled renewal waits for: the state it moves to next. */
export type NextRenewalState = 'phase2-completed' | 'phase3-etk-activated' | 'deployments-updated';
/** The revocation reasons the "what if" paragraphs name (libs/domain REVOCATION_REASON_DETAILS). */
export type ProblemReason = 'password-lost' | 'keystore-lost' | 'manager-left';

export interface Messages {
  /** The language's own name, above its section. */
  languageName: string;
  /** For month names and lists ("A, B et C"). */
  locale: string;
  /** The expiry in the body: "18 janvier 2022 à 11:32 (heure de Bruxelles)". */
  dateTime(longDate: string, time: string): string;
  /** The short date of subjects, from Brussels calendar parts. */
  shortDate(year: string, month: string, day: string): string;
  greeting: string;

  subject: {
    /** In brackets at the start of the subject when the certificates are acceptance ones. */
    acceptanceMark: string;
    /** One certificate: after "eHealth <identifier>: ". */
    expiresOn(date: string, daysLeft: number): string;
    expiredOn(date: string): string;
    /** Several certificates: after "eHealth: ". */
    several(count: number, firstDate: string, firstExpired: boolean): string;
    urgent(date: string, daysLeft: number): string;
    stalled(nextStep: NextRenewalState | null): string;
    deployment(software: string): string;
  };

  certificate: {
    labels: {
      notAfter: string;
      daysLeft: string;
      applicationId: string;
      holder: string;
      environment: string;
      manager: string;
      keystore: string;
      renewal: string;
      open: string;
      muted: string;
    };
    environments: Record<Environment, string>;
    badges: { expired: string; urgent: string; acceptance: string; managerLeft: string; muted: string };
    daysLeft(daysLeft: number): string;
    /** The manager's name, saying they left the organisation (on that day, when it is known). */
    managerHasLeft(name: string, on: string | null): string;
    /** The libs/domain mute reasons, worded. */
    muteReasons: Record<MuteReason, string>;
    /**
     * That its reminders are muted: why (`reason` worded, with the replacing certificate, if any), by whom, until
     * when (a long date), the note, and that it is listed all the same since it is expired or at 7 days or fewer.
     */
    muted(reason: string, by: string, until: string, note: string | null): string;
    notRecorded: string;
    renewalNotStarted: string;
    renewalStates: Record<RenewalState, string>;
  };

  managerLeft: {
    /** The certificates (titles, listed) whose named manager has left: who acts now. */
    notice(certificates: string, count: number): string;
  };
  digest: {
    intro(organisations: string, count: number): string;
    escalation(organisation: string): string;
  };
  urgent: {
    intro(organisation: string, identifier: string, date: string, daysLeft: number): string;
    expired(organisation: string, identifier: string, date: string): string;
    consequence: string;
  };
  stalled: {
    intro(organisation: string, identifier: string, state: string, since: string): string;
    nextStepHeading: string;
    nextStep: Record<NextRenewalState, (notAfter: string) => string>;
    unknownNextStep: string;
  };
  deployment: {
    intro(organisation: string, identifier: string, software: string, integrator: string | null): string;
    heading: string;
    steps(software: string, integrator: string | null): string[];
    renewalDoneHeading: string;
  };

  whatToDo: {
    heading: string;
    /** Who renews, with what, where; and from when (the renewal window). */
    who(renewalWindowDays: number): string;
    phase(phase: number, howTo: string): string;
    phases: Record<ToolPhaseState, string>;
    afterwards: string;
    expired: string;
    acceptance: string;
    consequence: string;
  };
  problems: {
    heading: string;
    passwordLost(reason: string): string;
    keystoreLost(reason: string): string;
    managerLeft(reason: string): string;
    howToRevoke: string;
    support: string;
  };
  /** The reason to choose in the eHealth tool or revocation form, as it reads in this language. */
  revocationReasons: Record<ProblemReason, string>;
  footer: {
    generic(organisations: string): string;
    escalation: string;
    deployment(software: string): string;
  };
}
