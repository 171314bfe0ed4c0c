import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_REMINDER_MILESTONES,
  isRenewalStalled,
  isUrgent,
  normalizeMilestones,
  reminderMilestoneAt,
  STALLED_RENEWAL_DAYS,
  URGENT_REMINDER_DAYS,
  type ReminderMilestone,
} from './reminders.js';

describe('normalizeMilestones', () => {
  it.each<[number[], number[]]>([
    [
      [90, 60, 30, 14, 7, 3, 1, 0],
      [90, 60, 30, 14, 7, 3, 1, 0],
    ],
    [
      [0, 1, 3, 7, 14, 30, 60, 90],
      [90, 60, 30, 14, 7, 3, 1, 0],
    ],
    [
      [30, 30, 7, 30],
      [30, 7],
    ],
    [[0], [0]],
    [
      [365, 0],
      [365, 0],
    ],
    [
      [-0, 5],
      [5, 0],
    ],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeMilestones(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown, string]>([
    [[], 'EMPTY'],
    [undefined, 'EMPTY'],
    [[30, 1.5], 'NOT_INTEGER'],
    [[Number.NaN], 'NOT_INTEGER'],
    [[Number.POSITIVE_INFINITY], 'NOT_INTEGER'],
    [['30'], 'NOT_INTEGER'],
    [[30, -1], 'OUT_OF_RANGE'],
    [[366], 'OUT_OF_RANGE'],
  ])('%j is refused: %s', (input, reason) => {
    expect(normalizeMilestones(input as number[])).toMatchObject({ ok: false, reason });
  });

  it('the defaults are already normalised', () => {
    expect(normalizeMilestones(DEFAULT_REMINDER_MILESTONES)).toEqual({
      ok: true,
      value: [...DEFAULT_REMINDER_MILESTONES],
    });
    expect(DEFAULT_REMINDER_MILESTONES).toEqual([90, 60, 30, 14, 7, 3, 1, 0]);
  });

  it('does not change its input', () => {
    const input = [1, 30, 7];
    normalizeMilestones(input);
    expect(input).toEqual([1, 30, 7]);
  });
});

describe('reminderMilestoneAt', () => {
  it.each<[number, ReminderMilestone | null]>([
    [400, null],
    [91, null],
    [90, 90],
    [89, 90],
    [61, 90],
    [60, 60],
    [31, 60],
    [30, 30],
    // A late run (31 -> 25 days left since the last one) gets only the current milestone.
    [25, 30],
    [15, 30],
    [14, 14],
    [8, 14],
    [7, 7],
    [4, 7],
    [3, 3],
    [2, 3],
    [1, 1],
    [0, 0],
    [-1, 'expired'],
    [-400, 'expired'],
  ])('%i days left with the defaults -> %j', (days, milestone) => {
    expect(reminderMilestoneAt(days, DEFAULT_REMINDER_MILESTONES)).toBe(milestone);
  });

  it('works with milestones in any order', () => {
    expect(reminderMilestoneAt(20, [7, 30, 60])).toBe(30);
    expect(reminderMilestoneAt(61, [7, 30, 60])).toBeNull();
  });

  it('without a 0 milestone, the last days belong to the smallest one', () => {
    expect(reminderMilestoneAt(0, [30, 7])).toBe(7);
  });

  it('with no milestones only expiry counts', () => {
    expect(reminderMilestoneAt(5, [])).toBeNull();
    expect(reminderMilestoneAt(-1, [])).toBe('expired');
  });

  it('refuses a days-left that is not a number', () => {
    expect(() => reminderMilestoneAt(Number.NaN, DEFAULT_REMINDER_MILESTONES)).toThrow(RangeError);
  });
});

describe('urgent and stalled', () => {
  it.each([
    [8, false],
    [7, true],
    [0, true],
    [-1, false],
  ])('%i days left urgent: %s', (days, urgent) => {
    expect(URGENT_REMINDER_DAYS).toBe(7);
    expect(isUrgent(days)).toBe(urgent);
  });

  it('a renewal stalls after 14 Brussels calendar days in one phase', () => {
    expect(STALLED_RENEWAL_DAYS).toBe(14);
    const since = new Date('2025-03-20T10:00:00Z');
    expect(isRenewalStalled(since, new Date('2025-04-02T21:59:59Z'))).toBe(false); // 2 April, 23:59 CEST
    expect(isRenewalStalled(since, new Date('2025-04-02T22:00:00Z'))).toBe(true); // 3 April, 00:00 CEST
  });
});
