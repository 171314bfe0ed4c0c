import { parseArgs } from 'node:util';
import { API_OPTIONS, apiTarget } from '../api.js';
import { type CliIo, UsageError } from '../io.js';

export const AUDIT_USAGE = `certdesk audit verify [--organisation ID] [--api URL] [--token-env VAR] [--json]
  Asks the Certdesk api to recompute every audit chain the token may see (central administrators: all; organisation
  administrators: their organisations'), or with --organisation that organisation's chain alone (seconds, where every
  chain of a large installation takes minutes), with its audit key (an HMAC whose key is not in the database, so a
  rewrite done with database access alone shows) and names the first event that does not match. The api token comes
  from an environment variable (default CERTDESK_TOKEN; a personal API token from the dashboard), the api's address
  from --api or CERTDESK_API_URL (default http://127.0.0.1:3000).
  Exit 0 when every chain holds, 1 when one is broken, 2 when the api could not be asked.`;

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

  let chains: ChainVerification[];
  try {
    const scope =
      values.organisation === undefined
        ? ''
        : `?${new URLSearchParams({ organisationId: values.organisation })}`;
    const response = await fetch(`${api}/api/v1/audit/verify${scope}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json().catch(() => null)) as unknown;
    if (!response.ok) {
      const message = (body as { message?: string } | null)?.message ?? response.statusText;
      io.stderr.write(`certdesk audit verify: the api answered ${response.status}: ${message}\n`);
      return 2;
    }
    chains = body as ChainVerification[];
  } catch (error) {
    io.stderr.write(`certdesk audit verify: cannot reach ${api}: ${(error as Error).message}\n`);
    return 2;
  }

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
