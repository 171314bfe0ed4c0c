// `node apps/notifier/dist/mail-catcher/main.js`: the local mail catcher as a service of its own, which
// `npm start` runs when no SMTP_URL is given. Stops cleanly on SIGTERM or SIGINT.
import { mailCatcherConfig } from './config.js';
import { startMailCatcher } from './mail-catcher.js';

async function main(): Promise<void> {
  const config = mailCatcherConfig(process.env);
  const catcher = await startMailCatcher(config);
  console.log(
    `mail catcher: SMTP on ${catcher.smtpUrl}, inbox ${catcher.pageUrl}, files in ${config.directory}`,
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    catcher.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`mail catcher: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(`mail catcher: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
