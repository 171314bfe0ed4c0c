// The interface agreed between the notifier engine and its mail templates: the engine gathers the facts, the
// templates turn them into a mail. Pure data, no I/O.

import { type ReadinessConditionCode } from '@certdesk/domain';

export const LANGUAGES = ['fr', 'nl', 'de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** French and Dutch in one mail, as eHealth writes its own reminders. */
export const DEFAULT_LANGUAGES: readonly Language[] = ['fr', 'nl'];

/** One certificate in a mail. */
export interface ReminderLine {
  certificateId: string;
  identifierType: string;
  identifierValue: string;
  applicationId: string | null;
  holderName: string | null;
  environment: 'production' | 'acceptance' | 'unknown';
  notAfter: Date;
  /** libs/domain daysLeft(notAfter, now): 0 on the expiry day, negative once expired. */
  daysLeft: number;
  milestone: number | 'expired';
  managerName: string | null;
  /**
   * Set when the named manager has left the organisation (membership no longer employed): the mail says so, since
   * nobody may be left who can open the keystore. `on` is the day they left ('YYYY-MM-DD'), when recorded.
   */
  managerLeft?: { on: string | null };
  /**
   * Set when the certificate's reminders are muted with a reason (issue 13): it is in a digest only because it is
   * expired or at 7 days or fewer, and the line says it is muted, why, by whom and until when.
   */
  muted?: {
    /** libs/domain MuteReason. */
    reason: string;
    note: string | null;
    /** The last day it holds, 'YYYY-MM-DD'. */
    until: string;
    by: string | null;
    /** The replacing certificate, for the reason 'replaced'. */
    replacedBy: string | null;
  };
  /**
   * Set when the certificate's renewal is not ready (issue 14, libs/domain renewalReadiness): the line says what is
   * missing. `detail` is libs/domain's English finding (names, dates).
   */
  readiness?: { unmet: { code: ReadinessConditionCode; detail: string }[] };
  /** "HOST: path", where the certificate manager keeps the keystore (.p12). */
  keystoreLocation: string | null;
  /** A libs/domain RenewalState, or null when no renewal was started. */
  renewalState: string | null;
  /** The certificate's page in Certdesk (http or https). */
  url: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface DigestInput {
  /** The organisation's languages, in its order; each gets a complete section. */
  languages: Language[];
  organisationNames: string[];
  /** Every certificate that entered a milestone; the mail lists them earliest notAfter first. */
  lines: ReminderLine[];
  /** Set when an administrator gets the reminder because the organisation has no generic address. */
  escalation?: { reason: 'no-generic-contact'; organisationName: string };
}

export interface UrgentInput {
  languages: Language[];
  organisationName: string;
  line: ReminderLine;
}

export interface StalledRenewalInput {
  languages: Language[];
  organisationName: string;
  /** `renewalState` is the phase the renewal is stuck in. */
  line: ReminderLine;
  /** When the renewal entered that phase. */
  since: Date;
}

export interface DeploymentNoticeInput {
  languages: Language[];
  organisationName: string;
  /** The renewed certificate (or the one it replaces when the new one is not known yet). */
  line: ReminderLine;
  /** The deployment: the software using the certificate. */
  software: string;
  integrator: string | null;
  /** The contact's personal link to confirm the new keystore is installed (the integrator cut-over), if any. */
  confirmation?: {
    url: string;
    expiresAt: Date;
    /** A reminder of an unconfirmed cut-over: the subject and the notice say so. */
    reminder?: boolean;
  };
}
