import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.js';
import { configProblems, MINIMAL_ENV } from '../../test/support/config-problems.js';

describe('WORKER_LOCK_MS', () => {
  it("is BullMQ's 30 s by default, or the milliseconds given", () => {
    expect(loadConfig(MINIMAL_ENV).workerLockMs).toBe(30_000);
    expect(loadConfig({ ...MINIMAL_ENV, WORKER_LOCK_MS: '2000' }).workerLockMs).toBe(2_000);
  });

  it.each([
    ['zero', '0'],
    ['under a second', '999'],
    ['over ten minutes', '600001'],
    ['a word', 'soon'],
    ['a fraction', '1500.5'],
    ['a control character', '2000\u0007'],
    ['huge', '9'.repeat(10_000)],
  ])('refuses %s, naming the variable', (_, value) => {
    const problems = configProblems({ WORKER_LOCK_MS: value });
    expect(problems).toEqual([{ variable: 'WORKER_LOCK_MS', message: expect.any(String) }]);
    expect(problems[0]!.message.length).toBeLessThan(200);
  });
});
