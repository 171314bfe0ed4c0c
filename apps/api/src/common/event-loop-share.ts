import { setImmediate as nextTurn } from 'node:timers/promises';

/** Work run between two turns of the event loop by default: a request waiting behind it is barely delayed. */
const DEFAULT_SLICE_MS = 10;

/**
 * Long synchronous work shared with every other request of the process: `await giveWay()` between two items lets the
 * event loop take a turn once the work has run `sliceMs` since the last one, and costs nothing otherwise. One is made
 * per job and passed down, so the slices count across its loops (an upload of 5,000 one-certificate files never
 * yielded inside a file, and held the api for a quarter of a second). An `await` of a settled promise is no turn:
 * other requests' I/O waits until the microtasks run out.
 */
export class EventLoopShare {
  private sliceStartedAt = performance.now();

  constructor(private readonly sliceMs = DEFAULT_SLICE_MS) {}

  async giveWay(): Promise<void> {
    if (performance.now() - this.sliceStartedAt < this.sliceMs) return;
    await nextTurn();
    this.sliceStartedAt = performance.now();
  }
}
