import { describe, expect, it } from '@jest/globals';
import { dueCutOverReminder, parseCutOverReminderDays } from './cut-over-reminders.js';

const DAY = 86_400_000;
const MAILED = new Date('2026-11-10T09:00:00Z');
const at = (days: number) => new Date(MAILED.getTime() + days * DAY);

describe('parseCutOverReminderDays', () => {
  it('reads ascending days, spaces allowed, and an empty text as no reminders', () => {
    expect(parseCutOverReminderDays('3,10')).toEqual({ ok: true, value: [3, 10] });
    expect(parseCutOverReminderDays(' 1 , 7 ,14 ')).toEqual({ ok: true, value: [1, 7, 14] });
    expect(parseCutOverReminderDays('')).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['descending days', '10,3', 'NOT_ASCENDING'],
    ['a day twice', '3,3', 'NOT_ASCENDING'],
    ['day 0', '0', 'NOT_A_DAY'],
    ['day 366', '366', 'NOT_A_DAY'],
    ['a negative day', '-3', 'NOT_A_DAY'],
    ['a fraction', '3.5', 'NOT_A_DAY'],
    ['a word', 'three', 'NOT_A_DAY'],
    ['a control character', '3\u0000', 'NOT_A_DAY'],
    ['a huge number', '9'.repeat(10_000), 'NOT_A_DAY'],
    ['eleven days', Array.from({ length: 11 }, (_, i) => i + 1).join(','), 'TOO_MANY'],
  ])('refuses %s', (_, text, reason) => {
    const result = parseCutOverReminderDays(text);
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.message.length).toBeLessThan(120);
  });
});

describe('dueCutOverReminder', () => {
  const days = [3, 10];

  it('is due the first time on day 3, the second on day 10, and never a third', () => {
    expect(dueCutOverReminder(MAILED, 0, days, at(3))).toBe(1);
    expect(dueCutOverReminder(MAILED, 0, days, new Date(at(3).getTime() - 1))).toBeNull();
    expect(dueCutOverReminder(MAILED, 1, days, at(9))).toBeNull();
    expect(dueCutOverReminder(MAILED, 1, days, at(10))).toBe(2);
    expect(dueCutOverReminder(MAILED, 2, days, at(40))).toBeNull();
  });

  it('sends one reminder, the last one due, when a run comes late, and then none', () => {
    expect(dueCutOverReminder(MAILED, 0, days, at(12))).toBe(2);
    expect(dueCutOverReminder(MAILED, 2, days, at(13))).toBeNull();
  });

  it('never reminds without configured days', () => {
    expect(dueCutOverReminder(MAILED, 0, [], at(100))).toBeNull();
  });
});
