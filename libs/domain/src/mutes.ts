// Muting with a reason (issue 13): a certificate's reminders, or one warning, are silenced until an end date, for a
// stated reason. A mute lapses by itself: on its end date, when the certificate is renewed (a successor recorded, or
// its renewal completed) or revoked. It never hides a certificate, and never silences one that is expired or at
// 7 days or fewer: those still get a digest line saying they are muted, why, by whom and until when.
import { brusselsEpochDay } from './brussels-date.js';
import { RENEWAL_PHASES } from './lifecycle/renewal.js';
import { URGENT_REMINDER_DAYS } from './reminders.js';
import { fail, ok, type Result } from './result.js';
import { startOfBrusselsDay } from './status-thresholds.js';

export const MUTE_REASONS = ['retired', 'replaced', 'handled-by-integrator', 'other'] as const;
export type MuteReason = (typeof MUTE_REASONS)[number];

/** A mute ends at the latest a year after it was set: nobody forgets a certificate for longer. */
export const MAX_MUTE_DAYS = 365;
export const MUTE_NOTE_MAX = 2000;

/** Why a mute is no longer in force; null while it is. */
export type MuteLapse = 'unmuted' | 'end-date' | 'renewed' | 'revoked';
export const MUTE_LAPSES: readonly MuteLapse[] = ['unmuted', 'end-date', 'renewed', 'revoked'];

/**
 * Renewal states in which the certificate counts as renewed for a mute: from "renewal completed" (phase 2) on. An
 * abandoned renewal does not lapse a mute.
 */
export const MUTE_LAPSING_RENEWAL_STATES: readonly string[] = RENEWAL_PHASES.filter((p) => p.phase >= 2).map(
  (p) => p.state,
);

export interface MuteFacts {
  /** The instant the mute ends by itself: the start of the day after its end date (Brussels). */
  until: Date;
  /** Set when someone unmuted it. */
  unmutedAt: Date | null;
}

/** What a mute of a certificate needs to know about it; absent for an organisation-level warning's mute. */
export interface MutedCertificateFacts {
  /** 'active' | 'superseded' | 'revoked' (the certificate row's state). */
  state: string;
  /** The states of its renewal cases (any number, abandoned ones too). */
  renewalStates: readonly string[];
}

/**
 * Why the mute no longer holds at `now`, or null while it is in force. Revocation and renewal come before the end
 * date, since they are what the history should say happened; an unmute is said as such.
 */
export function muteLapse(
  mute: MuteFacts,
  certificate: MutedCertificateFacts | null,
  now: Date,
): MuteLapse | null {
  if (mute.unmutedAt !== null && mute.unmutedAt.getTime() <= now.getTime()) return 'unmuted';
  if (certificate?.state === 'revoked') return 'revoked';
  if (
    certificate &&
    (certificate.state === 'superseded' ||
      certificate.renewalStates.some((state) => MUTE_LAPSING_RENEWAL_STATES.includes(state)))
  )
    return 'renewed';
  if (now.getTime() >= mute.until.getTime()) return 'end-date';
  return null;
}

export function isMuteInForce(
  mute: MuteFacts,
  certificate: MutedCertificateFacts | null,
  now: Date,
): boolean {
  return muteLapse(mute, certificate, now) === null;
}

/** The instant a mute whose end date is `endDate` ('YYYY-MM-DD', Brussels) stops: it holds through that whole day. */
export function muteUntil(endDate: string): Date {
  return startOfBrusselsDay(Date.parse(`${endDate}T00:00:00Z`) / 86_400_000 + 1);
}

export type MuteInputInvalidReason =
  | 'UNKNOWN_REASON'
  | 'NOTE_REQUIRED'
  | 'NOTE_TOO_LONG'
  | 'REPLACEMENT_REQUIRED'
  | 'REPLACEMENT_NOT_ALLOWED'
  | 'NOT_A_DATE'
  | 'END_DATE_NOT_IN_FUTURE'
  | 'END_DATE_TOO_FAR';

export interface MuteInput {
  reason: string;
  note?: string | null;
  replacedByCertificateId?: string | null;
  /** 'YYYY-MM-DD', the last day the mute holds (Brussels). */
  endDate: string;
}

export interface CheckedMute {
  reason: MuteReason;
  /** Trimmed; null when empty. */
  note: string | null;
  replacedByCertificateId: string | null;
  endDate: string;
  until: Date;
}

/**
 * A mute as asked, checked: a known reason; "other" says why in its note; "replaced" names the replacing certificate
 * (and only it does); the end date is a real date after today and at most MAX_MUTE_DAYS ahead (Brussels days).
 */
export function checkMuteInput(input: MuteInput, now: Date): Result<CheckedMute, MuteInputInvalidReason> {
  if (!(MUTE_REASONS as readonly string[]).includes(input.reason))
    return fail('UNKNOWN_REASON', `reason must be one of ${MUTE_REASONS.join(', ')}.`);
  const reason = input.reason as MuteReason;
  const note = input.note?.trim() || null;
  if (note !== null && note.length > MUTE_NOTE_MAX)
    return fail('NOTE_TOO_LONG', `note is at most ${MUTE_NOTE_MAX} characters.`);
  if (reason === 'other' && note === null)
    return fail('NOTE_REQUIRED', 'A mute for another reason says why in its note.');
  const replacedBy = input.replacedByCertificateId ?? null;
  if (reason === 'replaced' && replacedBy === null)
    return fail(
      'REPLACEMENT_REQUIRED',
      'A mute because the certificate was replaced names the replacing certificate.',
    );
  if (reason !== 'replaced' && replacedBy !== null)
    return fail(
      'REPLACEMENT_NOT_ALLOWED',
      'Only a mute because the certificate was replaced names a replacement.',
    );
  const day = calendarEpochDay(input.endDate);
  if (day === null) return fail('NOT_A_DATE', 'endDate must be a date (YYYY-MM-DD).');
  const today = brusselsEpochDay(now);
  if (day <= today) return fail('END_DATE_NOT_IN_FUTURE', 'endDate must be after today.');
  if (day > today + MAX_MUTE_DAYS)
    return fail('END_DATE_TOO_FAR', `A mute ends within ${MAX_MUTE_DAYS} days; choose an earlier endDate.`);
  return ok({
    reason,
    note,
    replacedByCertificateId: replacedBy,
    endDate: input.endDate,
    until: muteUntil(input.endDate),
  });
}

/**
 * What a muted certificate's reminder becomes: nothing while it has more than 7 days left; at 7 days or fewer, or
 * expired, a digest line that says it is muted (never its own urgent mail, never nothing).
 */
export function mutedReminderMail(daysLeft: number): 'none' | 'digest-line' {
  return daysLeft <= URGENT_REMINDER_DAYS ? 'digest-line' : 'none';
}

function calendarEpochDay(date: string): number | null {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return null;
  return ms / 86_400_000;
}
