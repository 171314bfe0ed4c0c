/** The signals that stop the notifier cleanly: a service manager's (SIGTERM) and a terminal's Ctrl-C (SIGINT). */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/** Where signals come from: `process`, or an EventEmitter in a unit test. */
export interface SignalSource {
  on(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

/**
 * Runs `stop` once, on the first of any number of STOP_SIGNALS. A service often hears the same stop several times:
 * systemd's control-group kill or a container runtime signals every process of `npm start`, then npm and start.mjs
 * pass the signal on. The listeners stay installed, so a repeated signal is only reported (`onRepeat`) and never
 * falls back to Node's default, which would kill the process half-way through its shutdown (before it released
 * its queue prefix).
 */
export function stopOnSignals(
  source: SignalSource,
  stop: (signal: NodeJS.Signals) => void,
  onRepeat: (signal: NodeJS.Signals) => void = () => undefined,
): void {
  let stopping = false;
  const listener = (signal: NodeJS.Signals) => {
    if (stopping) return onRepeat(signal);
    stopping = true;
    stop(signal);
  };
  for (const signal of STOP_SIGNALS) source.on(signal, listener);
}
