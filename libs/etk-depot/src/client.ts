// Asks one depot (one environment's URL) for the ETKs of an identifier: one GetEtk request with bounded retries, and
// the discovery that follows a MatchingEtk list with one request per application.
import { setTimeout as sleep } from 'node:timers/promises';
import { APPLICATION_ID_PATTERN, parseEhealthIdentifier } from '@certdesk/domain';
import { CertificateFileError, type EtkContents, readEtk } from '@certdesk/pki';
import type { DepotEnvironment } from './config.js';
import { EtkDepotError } from './errors.js';
import {
  DepotAnswerError,
  type DepotIdentifier,
  type DepotMessage,
  type GetEtkAnswer,
  getEtkRequest,
  readGetEtkAnswer,
} from './soap.js';
import { DepotUnreachableError, postSoap } from './transport.js';

export interface EtkQuery {
  /** An eHealth identifier type: CBE, SSIN, NIHII-HOSPITAL, ... */
  identifierType: string;
  /** As people type it: normalised and zero-padded by libs/domain's rules for the type. */
  identifierValue: string;
  /** Null or absent: none (the depot then lists every application's ETK). */
  applicationId?: string | null;
}

/** What happened to one HTTP request, for metrics (`certdesk_etk_depot_requests_total{outcome}`). */
export type DepotRequestOutcome =
  'etk' | 'matching' | 'none' | 'fault' | 'garbage' | 'http-error' | 'unreachable';

export interface DepotRequestEvent {
  environment: DepotEnvironment;
  identifier: DepotIdentifier;
  /** 1 for the first try. */
  attempt: number;
  outcome: DepotRequestOutcome;
  durationMs: number;
}

export interface EtkDepotClientOptions {
  url: string;
  environment: DepotEnvironment;
  /** Per HTTP request, the whole exchange: 10 s. */
  timeoutMs?: number;
  /** Tries per GetEtk, for network errors and 5xx answers that are not a SOAP fault: 3. */
  attempts?: number;
  /** Before the second try; doubled before each next one (with jitter): 500 ms. */
  retryDelayMs?: number;
  /** A larger answer is refused: 1 MiB (an ETK is a few KiB). */
  maxResponseBytes?: number;
  /** At most this many applications are followed from a MatchingEtk list: 50. */
  maxApplications?: number;
  /** Awaited before every HTTP request, retries included: where a rate limit waits for its turn. */
  beforeRequest?: (signal?: AbortSignal) => Promise<void> | void;
  /** Told about every HTTP request once it is over. */
  onRequest?: (event: DepotRequestEvent) => void;
}

export interface DiscoveredEtk {
  identifierType: string;
  identifierValue: string;
  applicationId: string | null;
  environment: DepotEnvironment;
  /** The ETK as published. */
  etk: Uint8Array;
  /** Null when the ETK cannot be read (then `unreadable` says why): reported, not thrown, so the others still count. */
  contents: EtkContents | null;
  unreadable: { code: CertificateFileError['code']; message: string } | null;
}

/** One GetEtk answer of a discovery: `ETK`, `MATCHING_ETK`, or the depot's error codes (`NO_MATCHING_ETK`, ...). */
export interface DepotLookup {
  applicationId: string | null;
  answer: 'ETK' | 'MATCHING_ETK' | 'NO_ETK';
  errors: DepotMessage[];
}

export interface EtkDiscovery {
  query: {
    identifierType: string;
    identifierValue: string;
    applicationId: string | null;
    environment: DepotEnvironment;
  };
  etks: DiscoveredEtk[];
  lookups: DepotLookup[];
}

const LIMITS = {
  timeoutMs: { default: 10_000, min: 100, max: 120_000 },
  attempts: { default: 3, min: 1, max: 10 },
  retryDelayMs: { default: 500, min: 0, max: 60_000 },
  maxResponseBytes: { default: 1024 * 1024, min: 1024, max: 64 * 1024 * 1024 },
  maxApplications: { default: 50, min: 1, max: 1000 },
} as const;

/** 502, 503 and 504 say the depot itself could not be reached behind its gateway. */
const UNREACHABLE_STATUSES = new Set([502, 503, 504]);

export class EtkDepotClient {
  readonly environment: DepotEnvironment;
  private readonly settings: { [K in keyof typeof LIMITS]: number };

  constructor(private readonly options: EtkDepotClientOptions) {
    this.environment = options.environment;
    this.settings = Object.fromEntries(
      Object.entries(LIMITS).map(([name, limit]) => {
        const value = options[name as keyof typeof LIMITS] ?? limit.default;
        if (!Number.isInteger(value) || value < limit.min || value > limit.max)
          throw new RangeError(`${name} must be an integer from ${limit.min} to ${limit.max}, not ${value}`);
        return [name, value];
      }),
    ) as EtkDepotClient['settings'];
  }

  /** Every ETK the depot publishes for the identifier (for one application when one is given). */
  async discover(query: EtkQuery, options: { signal?: AbortSignal } = {}): Promise<EtkDiscovery> {
    const first = depotIdentifier(query);
    const lookups: DepotLookup[] = [];
    const etks: DiscoveredEtk[] = [];
    const asked = new Set<string | null>();
    const pending: DepotIdentifier[] = [first];
    for (let next = pending.shift(); next; next = pending.shift()) {
      asked.add(next.applicationId);
      const answer = await this.getEtk(next, options);
      if (answer.kind === 'etk') {
        lookups.push({ applicationId: next.applicationId, answer: 'ETK', errors: [] });
        etks.push(await this.discovered(next, answer.etk));
      } else if (answer.kind === 'none') {
        lookups.push({ applicationId: next.applicationId, answer: 'NO_ETK', errors: answer.errors });
      } else {
        lookups.push({ applicationId: next.applicationId, answer: 'MATCHING_ETK', errors: [] });
        // One request per application listed; an application already asked (or none) is not asked again.
        for (const match of answer.identifiers) {
          const applicationId = checkedApplicationId(match.applicationId);
          if (asked.has(applicationId) || pending.some((p) => p.applicationId === applicationId)) continue;
          if (asked.size + pending.length > this.settings.maxApplications)
            throw new EtkDepotError(
              'DEPOT_ERROR',
              `the depot lists more than ${this.settings.maxApplications} applications for ${first.type} ${first.value}`,
            );
          pending.push({ ...first, applicationId });
        }
      }
    }
    return {
      query: {
        identifierType: first.type,
        identifierValue: first.value,
        applicationId: first.applicationId,
        environment: this.environment,
      },
      etks,
      lookups,
    };
  }

  /** One GetEtk, retried on network errors and 5xx answers that are not a SOAP fault; never on an answer. */
  async getEtk(identifier: DepotIdentifier, options: { signal?: AbortSignal } = {}): Promise<GetEtkAnswer> {
    const { attempts, retryDelayMs } = this.settings;
    for (let attempt = 1; ; attempt++) {
      const failure = await this.tryOnce(identifier, attempt, options.signal);
      if (!('retryable' in failure)) return failure;
      if (!failure.retryable || attempt >= attempts) throw failure.error;
      const delay = retryDelayMs * 2 ** (attempt - 1);
      await sleep(
        delay / 2 + Math.random() * (delay / 2),
        undefined,
        options.signal ? { signal: options.signal } : {},
      );
    }
  }

  private async tryOnce(
    identifier: DepotIdentifier,
    attempt: number,
    signal: AbortSignal | undefined,
  ): Promise<GetEtkAnswer | { retryable: boolean; error: EtkDepotError }> {
    await this.options.beforeRequest?.(signal);
    const started = performance.now();
    const report = (outcome: DepotRequestOutcome) =>
      this.options.onRequest?.({
        environment: this.environment,
        identifier,
        attempt,
        outcome,
        durationMs: performance.now() - started,
      });
    try {
      const reply = await postSoap(this.options.url, getEtkRequest(identifier), {
        timeoutMs: this.settings.timeoutMs,
        maxResponseBytes: this.settings.maxResponseBytes,
        ...(signal ? { signal } : {}),
      });
      if (reply.status === 200 || reply.status === 500) {
        try {
          const answer = readGetEtkAnswer(reply.text);
          if (reply.status === 200) {
            report(answer.kind);
            return answer;
          }
        } catch (error) {
          if (!(error instanceof DepotAnswerError) || reply.status === 200 || error.kind === 'fault')
            throw error;
        }
      }
      report('http-error');
      return {
        retryable: reply.status >= 500,
        error: new EtkDepotError(
          UNREACHABLE_STATUSES.has(reply.status) ? 'DEPOT_UNREACHABLE' : 'DEPOT_ERROR',
          `the depot answered HTTP ${reply.status}`,
        ),
      };
    } catch (error) {
      if (error instanceof DepotUnreachableError) {
        report('unreachable');
        return { retryable: true, error: new EtkDepotError('DEPOT_UNREACHABLE', error.message) };
      }
      if (error instanceof DepotAnswerError) {
        report(error.kind);
        return { retryable: false, error: new EtkDepotError('DEPOT_ERROR', error.message) };
      }
      throw error;
    }
  }

  private async discovered(identifier: DepotIdentifier, etk: Uint8Array): Promise<DiscoveredEtk> {
    const base = {
      identifierType: identifier.type,
      identifierValue: identifier.value,
      applicationId: identifier.applicationId,
      environment: this.environment,
      etk,
    };
    try {
      return { ...base, contents: await readEtk(etk), unreadable: null };
    } catch (error) {
      if (!(error instanceof CertificateFileError)) throw error;
      return { ...base, contents: null, unreadable: { code: error.code, message: error.message } };
    }
  }
}

/** The identifier as the depot wants it, by libs/domain's rules: a bad one is refused before anything is asked. */
export function depotIdentifier(query: EtkQuery): DepotIdentifier {
  const parsed = parseEhealthIdentifier(query.identifierType, query.identifierValue);
  if (!parsed.ok) throw new EtkDepotError('INVALID_IDENTIFIER', parsed.message);
  let applicationId: string | null;
  try {
    applicationId = checkedApplicationId(query.applicationId ?? null);
  } catch {
    throw new EtkDepotError(
      'INVALID_IDENTIFIER',
      `"${query.applicationId}" is not an application ID (capital letters, digits, "_" and "-", at most 30).`,
    );
  }
  return { type: parsed.value.type, value: parsed.value.value, applicationId };
}

function checkedApplicationId(value: string | null): string | null {
  const applicationId = value?.trim().toUpperCase() || null;
  if (applicationId !== null && !APPLICATION_ID_PATTERN.test(applicationId))
    throw new EtkDepotError('DEPOT_ERROR', `the depot lists an application ID that is not one: "${value}"`);
  return applicationId;
}
