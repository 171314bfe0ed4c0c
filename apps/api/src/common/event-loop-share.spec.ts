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
    const share = new EventLoopShare(5);
    let turns = 0;
    const started = performance.now();
    while (performance.now() - started < 30) if (await turnRanDuring(() => share.giveWay())) turns++;
    expect(turns).toBeGreaterThanOrEqual(3);
  });
});
