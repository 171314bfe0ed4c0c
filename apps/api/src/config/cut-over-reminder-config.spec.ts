import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.js';
import { configProblems, MINIMAL_ENV } from '../../test/support/config-problems.js';

describe('CUT_OVER_REMINDER_DAYS', () => {
  it('reminds on days 3 and 10 by default, on the days given, or never when off', () => {
    expect(loadConfig(MINIMAL_ENV).cutOverReminderDays).toEqual([3, 10]);
    expect(loadConfig({ ...MINIMAL_ENV, CUT_OVER_REMINDER_DAYS: ' 2, 5 ,20' }).cutOverReminderDays).toEqual([
      2, 5, 20,
    ]);
    expect(loadConfig({ ...MINIMAL_ENV, CUT_OVER_REMINDER_DAYS: 'off' }).cutOverReminderDays).toEqual([]);
  });

  it.each([
    ['descending', '10,3', /ascending/],
    ['a zero', '0,3', /from 1 to 365/],
    ['a word', 'weekly', /from 1 to 365/],
    ['a control character', '3,\u00075', /from 1 to 365/],
    ['too many', '1,2,3,4,5,6,7,8,9,10,11', /at most 10/],
    ['huge', '3,'.repeat(5_000), /200/],
  ])('refuses %s with a clear message naming the variable', (_, value, message) => {
    const problems = configProblems({ CUT_OVER_REMINDER_DAYS: value });
    expect(problems).toEqual([
      { variable: 'CUT_OVER_REMINDER_DAYS', message: expect.stringMatching(message) },
    ]);
    expect(problems[0]!.message.length).toBeLessThan(200);
  });
});
