import { describe, expect, it } from '@jest/globals';
import { EventLoopShare } from './event-loop-share.js';

/** Whether a turn of the event loop (a setImmediate callback queued now) ran during `work`. */
async function turnRanDuring(work: () => Promise<void>): Promise<boolean> {
  let ran = false;
  const immediate = setImmediate(() => (ran = true));
  await work();
  clearImmediate(immediate);
  return ran;
}

function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('EventLoopShare', () => {
  it('gives no turn while the slice lasts', async () => {
    const share = new EventLoopShare(1_000);
    expect(await turnRanDuring(() => share.giveWay())).toBe(false);
  });

  it('gives a turn once the slice is spent, then starts a new slice', async () => {
    const share = new EventLoopShare(5);
    busyFor(6);
    expect(await turnRanDuring(() => share.giveWay())).toBe(true);
    expect(await turnRanDuring(() => share.giveWay())).toBe(false);
  });

  it('counts the slice across calls, however small the work between them', async () => {
    // Counted in calls, not in a window of wall time: a loaded machine that deschedules the test only makes the
    // slices pass sooner, never gives a turn at every call.
    const share = new EventLoopShare(5);
    let turns = 0;
    let callsWithoutTurn = 0;
    const giveUpAt = performance.now() + 10_000;
    while (turns < 3 && performance.now() < giveUpAt)
      if (await turnRanDuring(() => share.giveWay())) turns++;
      else callsWithoutTurn++;
    expect(turns).toBe(3);
    expect(callsWithoutTurn).toBeGreaterThan(3);
  });
});
