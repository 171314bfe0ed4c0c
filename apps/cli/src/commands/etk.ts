import { parseArgs } from 'node:util';
import { parseEhealthIdentifier } from '@certdesk/domain';
import {
  type DepotEnvironment,
  DEPOT_ENVIRONMENTS,
  type DiscoveredEtk,
  EtkDepot,
  EtkDepotError,
  type EtkDiscovery,
  EtkDepotSettingsError,
  checkDepotUrl,
  etkDepotSettingsFromEnv,
} from '@certdesk/etk-depot';
import { type CliIo, UsageError } from '../io.js';
import {
  type EtkCertificateDescription,
  type EtkReport,
  describeEtk,
  etkNotes,
  etkReport,
} from '../etk-description.js';
import { formatTable } from '../table.js';

export const ETK_USAGE = `certdesk etk lookup TYPE VALUE [--application-id ID] [--environment production|acceptance]
                           [--depot-url URL] [--now ISO-8601] [--json]
  Asks the eHealth ETK Depot which ETKs it publishes for an identifier (CBE, SSIN, NIHII-HOSPITAL, ...): without
  --application-id, every application's (a MatchingEtk list is followed, one request per application). Shows each
  ETK's encryption and authentication certificates with the fields of \`inspect\`. The identifier is checked first
  (nothing is asked when its check digits fail). The depot's address: --depot-url, else ETK_DEPOT_URL (production) or
  ETK_DEPOT_ACCEPTANCE_URL, else the eHealth platform's; ETK_DEPOT=off disables lookups. Each request times out
  after 10 s and is tried at most 3 times (network errors and 5xx only).
  Exit 0 when the depot answered (with or without ETKs); 1 when the identifier is not valid; 3 when the depot could
  not be asked, or answered a fault or something unreadable (DEPOT_UNREACHABLE, DEPOT_ERROR, DEPOT_DISABLED).`;

const EXIT_INVALID_IDENTIFIER = 1;
const EXIT_DEPOT = 3;

interface EtkLookupItem {
  identifierType: string;
  identifierValue: string;
  applicationId: string | null;
  environment: DepotEnvironment;
  encryptionCertificate: EtkCertificateDescription;
  authenticationCertificate: EtkCertificateDescription;
  signature: EtkReport['signature'];
  signer: EtkReport['signer'];
  problems: EtkReport['problems'];
}

export async function etk(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'application-id': { type: 'string' },
      environment: { type: 'string' },
      'depot-url': { type: 'string' },
      now: { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const [action, type, value, ...extra] = positionals;
  if (action !== 'lookup') throw new UsageError('the etk command is `etk lookup TYPE VALUE`');
  if (!type || value === undefined || extra.length)
    throw new UsageError('etk lookup needs a TYPE and one VALUE');
  const environment = (values.environment ?? 'production') as DepotEnvironment;
  if (!DEPOT_ENVIRONMENTS.includes(environment))
    throw new UsageError(`--environment must be production or acceptance, not "${values.environment}"`);
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime()))
    throw new UsageError(`--now must be an ISO-8601 instant, got "${values.now}"`);
  const applicationId = values['application-id'] ?? null;
  const query = { identifierType: type, identifierValue: value, applicationId, environment };
  const print = (output: object, text: string) =>
    io.stdout.write(values.json ? `${JSON.stringify(output, null, 2)}\n` : text);

  // libs/domain first: a number with bad check digits is not worth a request.
  const identifier = parseEhealthIdentifier(type, value);
  if (!identifier.ok) {
    print(
      {
        query,
        error: { code: 'INVALID_IDENTIFIER', reason: identifier.reason, message: identifier.message },
      },
      `not a valid ${type} identifier: ${identifier.message}\n`,
    );
    return EXIT_INVALID_IDENTIFIER;
  }

  let depot: EtkDepot;
  try {
    const settings = etkDepotSettingsFromEnv(io.env);
    if (values['depot-url'] !== undefined)
      settings.urls[environment] = checkDepotUrl(values['depot-url'], '--depot-url');
    depot = new EtkDepot(settings);
  } catch (error) {
    if (error instanceof EtkDepotSettingsError) throw new UsageError(error.message);
    throw error;
  }

  let discovery: EtkDiscovery;
  try {
    discovery = await depot.discover(
      { identifierType: identifier.value.type, identifierValue: identifier.value.value, applicationId },
      environment,
    );
  } catch (error) {
    if (!(error instanceof EtkDepotError)) throw error;
    if (error.code === 'INVALID_IDENTIFIER') {
      print({ query, error: { code: error.code, message: error.message } }, `${error.message}\n`);
      return EXIT_INVALID_IDENTIFIER;
    }
    print(
      { query, error: { code: error.code, message: error.message } },
      `${error.code}: ${error.message}\n`,
    );
    return EXIT_DEPOT;
  }

  const unreadable = discovery.etks.find((found) => found.contents === null);
  if (unreadable) {
    const message =
      `the depot published an ETK for ${unreadable.identifierType} ${unreadable.identifierValue}` +
      `${unreadable.applicationId ? ` (${unreadable.applicationId})` : ''} that cannot be read: ${unreadable.unreadable?.message}`;
    print({ query, error: { code: 'DEPOT_ERROR', message } }, `DEPOT_ERROR: ${message}\n`);
    return EXIT_DEPOT;
  }
  const etks = discovery.etks.map((found) => lookupItem(found, now));
  const output = {
    query: { ...discovery.query, depotUrl: depot.settings.urls[environment] },
    etks,
    lookups: discovery.lookups,
  };
  print(output, lookupText(output.query, etks, discovery));
  return 0;
}

function lookupItem(found: DiscoveredEtk, now: Date): EtkLookupItem {
  const contents = found.contents!;
  const { encryption, authentication } = describeEtk(contents, now);
  const report = etkReport(contents);
  return {
    identifierType: found.identifierType,
    identifierValue: found.identifierValue,
    applicationId: found.applicationId,
    environment: found.environment,
    encryptionCertificate: encryption,
    authenticationCertificate: authentication,
    signature: report.signature,
    signer: report.signer,
    problems: report.problems,
  };
}

function lookupText(query: EtkDiscovery['query'], etks: EtkLookupItem[], discovery: EtkDiscovery): string {
  const asked = `${query.identifierType} ${query.identifierValue}${query.applicationId ? ` (${query.applicationId})` : ''}, ${query.environment}`;
  if (etks.length === 0) {
    const codes = discovery.lookups.flatMap((lookup) => lookup.errors.map((e) => e.code));
    return `no ETK published for ${asked}${codes.length ? ` (${[...new Set(codes)].join(', ')})` : ''}\n`;
  }
  const lines = [`${etks.length} ETK${etks.length === 1 ? '' : 's'} published for ${asked}\n`];
  for (const item of etks) {
    const rows = [item.encryptionCertificate, item.authenticationCertificate].map((c) => [
      c.role,
      item.applicationId ?? '',
      c.serialNumber,
      c.notAfter.slice(0, 10),
      c.status,
      String(c.daysLeft),
      c.keyAlgorithm,
    ]);
    lines.push(formatTable(['ROLE', 'APP ID', 'SERIAL', 'NOT AFTER', 'STATUS', 'DAYS', 'KEY'], rows));
    lines.push(etkNotes(item), '\n');
  }
  return lines.join('');
}
