import { describe, expect, it } from '@jest/globals';
import { FREE_LOGIN_FAILURES, loginBlockMs } from './login-throttle-policy.js';

describe('loginBlockMs', () => {
  it('lets the first few mistakes pass, then blocks 30 s, doubling up to 15 minutes', () => {
    expect([1, 2, 3, 4, FREE_LOGIN_FAILURES].map(loginBlockMs)).toEqual([0, 0, 0, 0, 0]);
    expect(loginBlockMs(6)).toBe(30_000);
    expect(loginBlockMs(7)).toBe(60_000);
    expect(loginBlockMs(10)).toBe(480_000);
    expect(loginBlockMs(11)).toBe(900_000);
    expect(loginBlockMs(1_000)).toBe(900_000);
  });
});
