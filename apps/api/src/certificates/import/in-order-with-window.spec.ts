import { describe, expect, it } from '@jest/globals';
import { inOrderWithWindow } from './in-order-with-window.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('inOrderWithWindow', () => {
  it('keeps as many items in flight as the window, never more, and answers in the items order', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await inOrderWithWindow([30, 5, 20, 1, 10, 2], 3, async (ms) => {
      most = Math.max(most, ++inFlight);
      await tick(ms);
      inFlight--;
      return ms * 2;
    });
    expect(most).toBe(3);
    expect(results).toEqual([60, 10, 40, 2, 20, 4]);
  });

  it('starts nothing after a failure, lets the items in flight finish, then throws that failure', async () => {
    const started: number[] = [];
    let finished = 0;
    const failure = await inOrderWithWindow([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      await tick(n === 2 ? 1 : 10);
      if (n === 2) throw new Error('too large');
      finished++;
      return n;
    }).catch((error: Error) => error);
    expect((failure as Error).message).toBe('too large');
    expect(started).toEqual([1, 2]);
    expect(finished).toBe(1);
  });

  it('runs one at a time with a window of 1, and answers [] for no items', async () => {
    let inFlight = 0;
    let most = 0;
    await inOrderWithWindow([1, 2, 3], 1, async () => {
      most = Math.max(most, ++inFlight);
      await tick(1);
      inFlight--;
    });
    expect(most).toBe(1);
    expect(await inOrderWithWindow([], 4, async () => 1)).toEqual([]);
  });
});
