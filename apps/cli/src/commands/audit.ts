import { parseArgs } from 'node:util';
import { API_OPTIONS, apiTarget } from '../api.js';
import { type CliIo, UsageError } from '../io.js';

export const AUDIT_USAGE = `certdesk audit verify [--organisation ID] [--api URL] [--token-env VAR] [--json]
  Asks the Certdesk api to recompute every audit chain the token may see (central administrators: all; organisation
  administrators: their organisations'), or with --organisation that organisation's chain alone (seconds, where every
  chain of a large installation takes minutes), with its audit key (an HMAC whose key is not in the database, so a
  rewrite done with database access alone shows) and names the first event that does not match. The api runs it as
  a job, followed here until done (its progress on stderr when that is a terminal). The api token comes from an
  environment variable (default CERTDESK_TOKEN; a personal API token from the dashboard), the api's address from
  --api or CERTDESK_API_URL (default http://127.0.0.1:3000).
  Exit 0 when every chain holds, 1 when one is broken, 2 when the api could not be asked or the verification stopped.`;

/** The job is read again this often: its progress is written every half second. */
const FOLLOW_MS = 1_000;
/** Reads of the job that may fail in a row (the api restarting behind its load balancer) before giving up. */
const FAILED_READS = 5;

interface Verification {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  organisationId: string | null;
  progress: { chainsTotal: number; chainsChecked: number; eventsChecked: number } | null;
  chains: ChainVerification[] | null;
  error: string | null;
}

interface ChainVerification {
  chain: string;
  events: number;
  ok: boolean;
  /** The first events of the chain, hashed before Certdesk keyed its chains (a keyed event after them vouches). */
  unkeyedEvents?: number;
  brokenAt?: { eventId: string; reason: string };
}

export async function audit(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...API_OPTIONS, json: { type: 'boolean' }, organisation: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1 || positionals[0] !== 'verify')
    throw new UsageError('the audit command is `audit verify`');
  const { api, token } = apiTarget(values, io);

  const organisationId = values.organisation ?? null;
  const call = async (path: string, method = 'GET') => {
    const response = await fetch(`${api}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json().catch(() => null)) as unknown };
  };
  const failed = (message: string) => {
    io.stderr.write(`certdesk audit verify: ${message}\n`);
    return 2;
  };
  const apiSaid = (answer: { status: number; body: unknown }) =>
    `the api answered ${answer.status}: ${(answer.body as { message?: string } | null)?.message ?? 'no message'}`;

  let id: string;
  try {
    const scope = organisationId === null ? '' : `?${new URLSearchParams({ organisationId })}`;
    const started = await call(`/api/v1/audit/verifications${scope}`, 'POST');
    const running = (started.body as { details?: { verificationId?: unknown } } | null)?.details
      ?.verificationId;
    if (started.status === 202) id = (started.body as { id: string }).id;
    // One verification at a time per log-in: the one that runs is followed, when it checks what was asked.
    else if (started.status === 409 && typeof running === 'string') id = running;
    else return failed(apiSaid(started));
  } catch (error) {
    return failed(`cannot reach ${api}: ${(error as Error).message}`);
  }

  let verification: Verification;
  for (let failedReads = 0; ;) {
    try {
      const answer = await call(`/api/v1/audit/verifications/${encodeURIComponent(id)}`);
      if (answer.status !== 200) return failed(apiSaid(answer));
      failedReads = 0;
      verification = answer.body as Verification;
      if (verification.organisationId !== organisationId)
        return failed(
          `a verification this log-in started is running (of ${verification.organisationId ?? 'every chain'}): ` +
            'ask again once it is done',
        );
    } catch (error) {
      if (++failedReads >= FAILED_READS) return failed(`cannot reach ${api}: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, FOLLOW_MS));
      continue;
    }
    if (verification.status === 'done' || verification.status === 'failed') break;
    const { progress } = verification;
    if (io.stderr.isTTY && progress)
      io.stderr.write(
        `\rverifying: ${progress.chainsChecked}/${progress.chainsTotal} chains, ${progress.eventsChecked} events`,
      );
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_MS));
  }
  if (io.stderr.isTTY) io.stderr.write('\n');
  if (verification.status === 'failed') return failed(verification.error ?? 'the verification stopped');
  const chains = verification.chains ?? [];

  if (values.json) io.stdout.write(`${JSON.stringify(chains, null, 2)}\n`);
  else {
    for (const c of chains) {
      io.stdout.write(
        c.ok
          ? `ok      ${c.chain} (${c.events} events${c.unkeyedEvents ? `, the first ${c.unkeyedEvents} from before the chain was keyed` : ''})\n`
          : `BROKEN  ${c.chain}: event ${c.brokenAt?.eventId}: ${c.brokenAt?.reason} (${c.events} events read)\n`,
      );
    }
    if (chains.length === 0) io.stdout.write('no audit chain to verify\n');
  }
  return chains.every((c) => c.ok) ? 0 : 1;
}
