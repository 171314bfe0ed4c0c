#!/usr/bin/env node
import { ConfigError, loadConfig } from './config/config.js';
import { stopOnSignals } from './core/stop-on-signals.js';
import { startNotifier } from './start-notifier.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const waiting = new AbortController();
  const started = startNotifier(config, { signal: waiting.signal });
  stopOnSignals(
    process,
    (signal) => {
      console.log(`${signal}: stopping (the jobs in hand finish first)`);
      waiting.abort();
      // A signal during the start-up (after the prefix was claimed, before `started` resolved) waits for it to
      // finish, then stops it like a running notifier: the claim is released either way.
      void started
        .then(
          (notifier) => notifier.close(),
          () => undefined, // the start-up was aborted, or failed and says so below
        )
        .then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(error);
            process.exit(1);
          },
        );
    },
    (signal) => console.log(`${signal}: already stopping`),
  );
  await started;
}

main().catch((error: unknown) => {
  if ((error as { name?: string }).name === 'AbortError') return; // stopped before it was ready: the stop exits
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
