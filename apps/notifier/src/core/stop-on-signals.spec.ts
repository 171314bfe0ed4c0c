import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { stopOnSignals } from './stop-on-signals.js';

/** Stands in for `process`: emits a signal to its listeners as Node does (the signal's name as argument). */
class FakeProcess extends EventEmitter {
  send(signal: NodeJS.Signals): void {
    this.emit(signal, signal);
  }
}

describe('stopOnSignals', () => {
  it('stops once, on the first signal, however many follow (the group’s SIGTERM, then npm’s, then start.mjs’s)', () => {
    const source = new FakeProcess();
    const stops: NodeJS.Signals[] = [];
    const repeats: NodeJS.Signals[] = [];
    stopOnSignals(
      source,
      (signal) => stops.push(signal),
      (signal) => repeats.push(signal),
    );

    source.send('SIGTERM');
    source.send('SIGTERM');
    source.send('SIGINT');
    source.send('SIGTERM');

    expect(stops).toEqual(['SIGTERM']);
    expect(repeats).toEqual(['SIGTERM', 'SIGINT', 'SIGTERM']);
  });

  it('keeps listening after the first signal, so a repeat never falls back to Node’s default (death)', () => {
    const source = new FakeProcess();
    stopOnSignals(source, () => undefined);
    source.send('SIGINT');
    expect(source.listenerCount('SIGTERM')).toBe(1);
    expect(source.listenerCount('SIGINT')).toBe(1);
  });

  it('does nothing before a signal arrives', () => {
    const source = new FakeProcess();
    const stops: NodeJS.Signals[] = [];
    stopOnSignals(source, (signal) => stops.push(signal));
    source.emit('SIGHUP', 'SIGHUP');
    expect(stops).toEqual([]);
  });
});
