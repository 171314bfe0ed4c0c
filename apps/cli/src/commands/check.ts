import { parseArgs } from 'node:util';
import { checkIdentifier, IDENTIFIER_KINDS, type IdentifierKind } from '@certdesk/domain';
import { type CliIo, UsageError } from '../io.js';

export const CHECK_USAGE = `certdesk check ssin|cbe|nihii VALUE [--json]
  Says whether VALUE is a valid SSIN, CBE enterprise number or NIHII number, and its normalised form.
  Exit 0 when valid, 1 when not.`;

export function check(argv: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean' } },
    allowPositionals: true,
  });
  const [kind, input, ...extra] = positionals;
  if (!kind || input === undefined || extra.length) throw new UsageError('check needs a kind and one value');
  if (!IDENTIFIER_KINDS.includes(kind as IdentifierKind))
    throw new UsageError(`unknown kind "${kind}": use ssin, cbe or nihii`);
  const result = checkIdentifier(kind as IdentifierKind, input);
  if (values.json) {
    const { valid, normalized, reason } = result;
    io.stdout.write(`${JSON.stringify({ kind, input, valid, normalized, reason })}\n`);
  } else if (result.valid) {
    io.stdout.write(`valid ${kind}: ${result.normalized}\n`);
  } else {
    const detail = 'message' in result && typeof result.message === 'string' ? result.message : result.reason;
    io.stdout.write(
      `not a valid ${kind}: ${detail}${result.normalized ? ` (read as ${result.normalized})` : ''}\n`,
    );
  }
  return result.valid ? 0 : 1;
}
