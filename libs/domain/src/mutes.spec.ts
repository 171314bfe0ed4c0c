import { describe, expect, it } from '@jest/globals';
import {
  checkMuteInput,
  isMuteInForce,
  MAX_MUTE_DAYS,
  MUTE_LAPSING_RENEWAL_STATES,
  muteLapse,
  mutedReminderMail,
  muteUntil,
} from './mutes.js';

// 2026-03-10 12:00 in Brussels (UTC+1).
const now = new Date('2026-03-10T11:00:00Z');
const active = { state: 'active', renewalStates: [] };
const mute = { until: muteUntil('2026-04-30'), unmutedAt: null };

describe('muteUntil', () => {
  it('holds through the whole end date in Brussels (summer and winter time)', () => {
    expect(muteUntil('2026-04-30').toISOString()).toBe('2026-04-30T22:00:00.000Z');
    expect(muteUntil('2026-01-15').toISOString()).toBe('2026-01-15T23:00:00.000Z');
  });
});

describe('muteLapse', () => {
  it('is in force before its end date for an active certificate, and for an organisation-level warning', () => {
    expect(muteLapse(mute, active, now)).toBeNull();
    expect(isMuteInForce(mute, null, now)).toBe(true);
  });

  it('lapses once its end date has passed, not during it', () => {
    expect(muteLapse(mute, active, new Date('2026-04-30T21:59:59Z'))).toBeNull();
    expect(muteLapse(mute, active, new Date('2026-04-30T22:00:00Z'))).toBe('end-date');
    expect(muteLapse(mute, null, new Date('2026-05-02T00:00:00Z'))).toBe('end-date');
  });

  it('lapses when the certificate is revoked', () => {
    expect(muteLapse(mute, { state: 'revoked', renewalStates: [] }, now)).toBe('revoked');
  });

  it('lapses when the certificate is renewed: a successor recorded, or its renewal completed (phase 2 on)', () => {
    expect(muteLapse(mute, { state: 'superseded', renewalStates: [] }, now)).toBe('renewed');
    for (const state of ['phase2-completed', 'phase3-etk-activated', 'deployments-updated'])
      expect(muteLapse(mute, { state: 'active', renewalStates: ['abandoned', state] }, now)).toBe('renewed');
    expect(MUTE_LAPSING_RENEWAL_STATES).not.toContain('phase1-sent');
  });

  it('holds while a renewal is only requested (phase 1) or was abandoned', () => {
    expect(muteLapse(mute, { state: 'active', renewalStates: ['phase1-sent'] }, now)).toBeNull();
    expect(muteLapse(mute, { state: 'active', renewalStates: ['abandoned'] }, now)).toBeNull();
  });

  it('says "unmuted" once someone unmuted it, whatever else happened later', () => {
    const unmuted = { ...mute, unmutedAt: new Date('2026-03-09T10:00:00Z') };
    expect(muteLapse(unmuted, { state: 'revoked', renewalStates: [] }, now)).toBe('unmuted');
    expect(muteLapse(unmuted, active, new Date('2026-03-09T09:00:00Z'))).toBeNull();
  });
});

describe('checkMuteInput', () => {
  it('takes a known reason and an end date after today, trimming the note', () => {
    const checked = checkMuteInput(
      { reason: 'retired', endDate: '2026-04-30', note: '  unused since March ' },
      now,
    );
    expect(checked).toEqual({
      ok: true,
      value: {
        reason: 'retired',
        note: 'unused since March',
        replacedByCertificateId: null,
        endDate: '2026-04-30',
        until: muteUntil('2026-04-30'),
      },
    });
  });

  it.each([
    [{ reason: 'bored', endDate: '2026-04-30' }, 'UNKNOWN_REASON'],
    [{ reason: 'other', endDate: '2026-04-30' }, 'NOTE_REQUIRED'],
    [{ reason: 'other', endDate: '2026-04-30', note: ' \n\t ' }, 'NOTE_REQUIRED'],
    [{ reason: 'other', endDate: '2026-04-30', note: 'x'.repeat(2001) }, 'NOTE_TOO_LONG'],
    [{ reason: 'replaced', endDate: '2026-04-30' }, 'REPLACEMENT_REQUIRED'],
    [{ reason: 'retired', endDate: '2026-04-30', replacedByCertificateId: 'c2' }, 'REPLACEMENT_NOT_ALLOWED'],
    [{ reason: 'retired', endDate: '2026-02-30' }, 'NOT_A_DATE'],
    [{ reason: 'retired', endDate: '30/04/2026' }, 'NOT_A_DATE'],
    [{ reason: 'retired', endDate: '2026-03-10' }, 'END_DATE_NOT_IN_FUTURE'],
    [{ reason: 'retired', endDate: '2025-12-31' }, 'END_DATE_NOT_IN_FUTURE'],
    [{ reason: 'retired', endDate: '2126-03-10' }, 'END_DATE_TOO_FAR'],
  ])('refuses %#, %s', (input, reason) => {
    const checked = checkMuteInput(input, now);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toBe(reason);
  });

  it('allows the end date at most a year ahead (Brussels days)', () => {
    expect(checkMuteInput({ reason: 'retired', endDate: '2026-03-11' }, now).ok).toBe(true);
    expect(MAX_MUTE_DAYS).toBe(365);
    expect(checkMuteInput({ reason: 'retired', endDate: '2027-03-10' }, now).ok).toBe(true);
    expect(checkMuteInput({ reason: 'retired', endDate: '2027-03-11' }, now).ok).toBe(false);
  });

  it('takes "replaced" with the replacing certificate', () => {
    const checked = checkMuteInput(
      { reason: 'replaced', endDate: '2026-04-30', replacedByCertificateId: 'c2' },
      now,
    );
    expect(checked.ok && checked.value.replacedByCertificateId).toBe('c2');
  });
});

describe('mutedReminderMail: never silent when expired or at 7 days or fewer', () => {
  it.each([
    [90, 'none'],
    [8, 'none'],
    [7, 'digest-line'],
    [0, 'digest-line'],
    [-1, 'digest-line'],
    [-30, 'digest-line'],
  ] as const)('%d days left: %s', (left, mail) => {
    expect(mutedReminderMail(left)).toBe(mail);
  });
});
