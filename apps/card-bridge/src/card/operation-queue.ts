// One card operation at a time: a card (and most middleware) cannot interleave two PIN-protected
// operations, and a person can answer one PIN prompt at a time.
import { CardBridgeError } from '../errors.js';

export class OperationQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly maxWaiting = 8) {}

  /** Runs `operation` once every earlier one has settled. Refuses (CARD_BUSY) when too many are waiting. */
  run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.waiting >= this.maxWaiting) {
      return Promise.reject(
        new CardBridgeError('CARD_BUSY', 'Too many card operations are waiting: try again in a moment.'),
      );
    }
    this.waiting++;
    const result = this.tail.then(operation).finally(() => {
      this.waiting--;
    });
    // The next operation waits for this one to settle, whether it succeeded or not.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
