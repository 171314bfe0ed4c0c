import { AUDIT_USAGE, audit } from './commands/audit.js';
import { CHECK_USAGE, check } from './commands/check.js';
import { ETK_USAGE, etk } from './commands/etk.js';
import { EVIDENCE_USAGE, evidence } from './commands/evidence.js';
import { INSPECT_USAGE, inspect } from './commands/inspect.js';
import { type CliIo, EXIT_USAGE, UsageError } from './io.js';

const USAGE = `certdesk: Certdesk's command line

${INSPECT_USAGE}

${CHECK_USAGE}

${ETK_USAGE}

${AUDIT_USAGE}

${EVIDENCE_USAGE}

The local eID card-bridge has its own command: certdesk-card-bridge --help
`;

const COMMANDS: Record<
  string,
  { usage: string; run: (argv: string[], io: CliIo) => number | Promise<number> }
> = {
  inspect: { usage: INSPECT_USAGE, run: inspect },
  check: { usage: CHECK_USAGE, run: check },
  etk: { usage: ETK_USAGE, run: etk },
  audit: { usage: AUDIT_USAGE, run: audit },
  evidence: { usage: EVIDENCE_USAGE, run: evidence },
};

/** Runs one `certdesk` command line; returns the exit code. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(USAGE);
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`certdesk: unknown command "${name}"\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`certdesk ${name}: ${(error as Error).message}\n\n${command.usage}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
