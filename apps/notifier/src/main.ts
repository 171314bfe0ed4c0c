#!/usr/bin/env node
import { ConfigError, loadConfig } from './config/config.js';
import { startNotifier, type Notifier } from './start-notifier.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const waiting = new AbortController();
  let notifier: Notifier | null = null;
  const stop = (signal: NodeJS.Signals) => {
    console.log(`${signal}: stopping (the jobs in hand finish first)`);
    waiting.abort();
    void (notifier?.close() ?? Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  notifier = await startNotifier(config, { signal: waiting.signal });
}

main().catch((error: unknown) => {
  if ((error as { name?: string }).name === 'AbortError') process.exit(0);
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
