// The bridge: a node:http server on 127.0.0.1 that checks every request (Host, Origin, pairing token, size)
// before routing it to the card (one operation at a time) or the keystore folder.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import {
  CARD_BRIDGE_AUTHORIZATION_SCHEME,
  CARD_BRIDGE_HOST,
  CARD_BRIDGE_MAX_BODY_BYTES,
  CARD_BRIDGE_ROUTES,
  type CardBridgeStatusDto,
  type CardCheckDto,
  EID_AUTHENTICATION_TOKEN_FORMAT,
  EID_DIGEST_SIGNATURE_FORMAT,
  type EidAuthenticationTokenDto,
  type EidDigestSignatureDto,
  type KeystoreCheckResultDto,
  type KeystoreReportResultDto,
  type PairResponseDto,
} from '@certdesk/contracts';
import { maskSsin } from '@certdesk/domain';
import { judgeCardCheck } from './card/card-check.js';
import { EidCard } from './card/eid-card.js';
import { OperationQueue } from './card/operation-queue.js';
import { type PinEntry, ProgramPinEntry, TerminalPinEntry } from './card/pin-entry.js';
import { authenticationAlgorithmFor, authenticationSignInput } from './card/web-eid.js';
import type { CardBridgeConfig } from './config.js';
import { CardBridgeError } from './errors.js';
import { readJsonBody } from './http/body.js';
import { Pairing } from './http/pairing.js';
import {
  parseAuthenticateRequest,
  parseCardCheckRequest,
  parseInspectRequest,
  parseKeystoreCheckRequest,
  parsePairRequest,
  parseReportRequest,
  parseSignRequest,
} from './http/requests.js';
import { allowedOrigin, answerPreflight, isAllowedHost, setCorsHeaders } from './http/security.js';
import { keystoreReport, sendKeystoreReport } from './keystores/api-report.js';
import { checkKeystore } from './keystores/keystore-check.js';
import { KeystoreFolder } from './keystores/keystore-folder.js';
import type { Pkcs11Api } from './pkcs11/pkcs11-api.js';
import { Pkcs11Thread } from './pkcs11/pkcs11-thread.js';
import { SignatureLog } from './signature-log.js';

export const CARD_BRIDGE_VERSION: string = (
  createRequire(import.meta.url)('../package.json') as { version: string }
).version;

export type BridgeLogger = (message: string, fields?: Record<string, unknown>) => void;

export interface CardBridgeOptions {
  config: CardBridgeConfig;
  /** Default: the configured PIN program, else the terminal. */
  pinEntry?: PinEntry;
  /** Where a keystore's password is asked. Default: the configured password program, else the terminal. */
  passwordEntry?: PinEntry;
  /** Shows a pairing code to the person at this PC. Default: printed on stdout. */
  showPairingCode?: (code: string, expiresAt: Date) => void;
  /** Operational log; never given a secret. Default: one line on stderr. */
  log?: BridgeLogger;
  /** Default: pkcs11js in a worker thread. */
  pkcs11?: Pkcs11Api;
  now?: () => Date;
  /** Pairing limits (tests shorten them). */
  pairing?: {
    codeLifetimeMs?: number;
    maxAttemptsPerCode?: number;
    tokenLifetimeMs?: number;
    maxCodesPerWindow?: number;
  };
}

export interface RunningCardBridge {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Shows a new pairing code locally (as POST /v1/pairing-code does). */
  issuePairingCode(): { expiresAt: Date };
  close(): Promise<void>;
}

interface RequestContext {
  request: IncomingMessage;
  origin: string;
}

interface Route {
  method: 'GET' | 'POST';
  /** False only for the pairing routes: everything else needs the token. */
  paired: boolean;
  handle(context: RequestContext): Promise<unknown>;
}

const defaultLog: BridgeLogger = (message, fields) =>
  process.stderr.write(
    `[card-bridge] ${new Date().toISOString()} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`,
  );

/** HH:MM:SS on this PC's clock. Not toLocaleTimeString: Intl would load ~7 MB of ICU data for one line (issue 12). */
const localTime = (instant: Date) =>
  [instant.getHours(), instant.getMinutes(), instant.getSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');

const defaultShowPairingCode = (code: string, expiresAt: Date) =>
  process.stdout.write(`Pairing code: ${code} (valid until ${localTime(expiresAt)})\n`);

export async function startCardBridge(options: CardBridgeOptions): Promise<RunningCardBridge> {
  const { config } = options;
  const log = options.log ?? defaultLog;
  const now = options.now ?? (() => new Date());
  const pinEntry =
    options.pinEntry ?? (config.pinProgram ? new ProgramPinEntry(config.pinProgram) : new TerminalPinEntry());
  const passwordEntry =
    options.passwordEntry ??
    (config.passwordProgram ? new ProgramPinEntry(config.passwordProgram) : new TerminalPinEntry());
  const card = new EidCard(options.pkcs11 ?? new Pkcs11Thread(), config.modulePath, pinEntry, now);
  const queue = new OperationQueue();
  const keystores = new KeystoreFolder(config.keystoreFolder, now, undefined, config.keystoreReadTimeoutMs);
  const signatureLog = new SignatureLog(config.signatureLogPath);
  const allowedOrigins = new Set(config.allowedOrigins);
  const pairing = new Pairing({
    ...options.pairing,
    showCode: options.showPairingCode ?? defaultShowPairingCode,
    now: () => now().getTime(),
  });

  const routes: Record<string, Route> = {
    [CARD_BRIDGE_ROUTES.pairingCode]: {
      method: 'POST',
      paired: false,
      handle: async ({ origin }) => {
        const { expiresAt } = pairing.issueCode();
        log('pairing code shown', { origin });
        return { expiresAt: expiresAt.toISOString() };
      },
    },
    [CARD_BRIDGE_ROUTES.pair]: {
      method: 'POST',
      paired: false,
      handle: async ({ request, origin }): Promise<PairResponseDto> => {
        const { code } = parsePairRequest(await readJsonBody(request, CARD_BRIDGE_MAX_BODY_BYTES));
        const { token, expiresAt } = pairing.pair(code, origin);
        log('paired', { origin, until: expiresAt.toISOString() });
        return { token, expiresAt: expiresAt.toISOString() };
      },
    },
    [CARD_BRIDGE_ROUTES.status]: {
      method: 'GET',
      paired: true,
      handle: async (): Promise<CardBridgeStatusDto> => ({
        service: 'certdesk-card-bridge',
        version: CARD_BRIDGE_VERSION,
        middleware: { modulePath: config.modulePath, found: card.middlewareFound },
        keystoreFolder: keystores.folder,
        apiConfigured: config.apiUrl !== null,
      }),
    },
    [CARD_BRIDGE_ROUTES.card]: {
      method: 'GET',
      paired: true,
      handle: () => queue.run(() => card.readCardInfo()),
    },
    [CARD_BRIDGE_ROUTES.checkCard]: {
      method: 'POST',
      paired: true,
      handle: async ({ request, origin }): Promise<CardCheckDto> => {
        const { mustStayValidUntil } = parseCardCheckRequest(
          await readJsonBody(request, CARD_BRIDGE_MAX_BODY_BYTES),
        );
        const reading = await queue.run(() => card.readForCheck());
        const check = judgeCardCheck(reading, {
          modulePath: config.modulePath,
          moduleFound: card.middlewareFound,
          now: now(),
          mustStayValidUntil: mustStayValidUntil ? new Date(mustStayValidUntil) : null,
        });
        log('card checked', { origin, ready: check.ready, problems: check.problems.map((p) => p.code) });
        return check;
      },
    },
    [CARD_BRIDGE_ROUTES.authenticate]: {
      method: 'POST',
      paired: true,
      handle: async ({ request, origin }): Promise<EidAuthenticationTokenDto> => {
        const { nonce } = parseAuthenticateRequest(await readJsonBody(request, CARD_BRIDGE_MAX_BODY_BYTES));
        const description = `Log in to ${origin}`;
        const signed = await queue.run(() =>
          card.sign(
            'Authentication',
            (keyAlgorithm) =>
              authenticationSignInput(
                origin,
                nonce,
                authenticationAlgorithmFor(keyAlgorithm).digestAlgorithm,
              ),
            `Certdesk: ${description} with your eID.`,
          ),
        );
        await signatureLog.append({
          at: now().toISOString(),
          operation: 'authenticate',
          origin,
          description,
          digestAlgorithm: signed.input.digestAlgorithm,
          digest: signed.input.digest.toString('base64'),
          certificate: signed.certificate,
          holder: signed.holder,
        });
        log('authenticated', { origin, holder: maskSsin(signed.holder.ssin) });
        return {
          format: EID_AUTHENTICATION_TOKEN_FORMAT,
          unverifiedCertificate: signed.certificateDer.toString('base64'),
          algorithm: authenticationAlgorithmFor(signed.certificate.keyAlgorithm).algorithm,
          signature: signed.signature.toString('base64'),
          appVersion: `certdesk-card-bridge/${CARD_BRIDGE_VERSION}`,
        };
      },
    },
    [CARD_BRIDGE_ROUTES.sign]: {
      method: 'POST',
      paired: true,
      handle: async ({ request, origin }): Promise<EidDigestSignatureDto> => {
        const { digestAlgorithm, digest, description } = parseSignRequest(
          await readJsonBody(request, CARD_BRIDGE_MAX_BODY_BYTES),
        );
        const digestBytes = Buffer.from(digest, 'base64');
        const signed = await queue.run(() =>
          card.sign(
            'Signature',
            () => ({ digestAlgorithm, digest: digestBytes }),
            `Certdesk (${origin}) asks you to sign: ${description}`,
          ),
        );
        await signatureLog.append({
          at: now().toISOString(),
          operation: 'sign',
          origin,
          description,
          digestAlgorithm,
          digest: digestBytes.toString('base64'),
          certificate: signed.certificate,
          holder: signed.holder,
        });
        log('signed', { origin, description, holder: maskSsin(signed.holder.ssin) });
        return {
          format: EID_DIGEST_SIGNATURE_FORMAT,
          certificate: signed.certificateDer.toString('base64'),
          digestAlgorithm,
          digest: digestBytes.toString('base64'),
          signatureAlgorithm: signed.keyFamily === 'RSA' ? 'RSASSA-PKCS1-v1_5' : 'ECDSA',
          signature: signed.signature.toString('base64'),
        };
      },
    },
    [CARD_BRIDGE_ROUTES.keystores]: {
      method: 'GET',
      paired: true,
      handle: () => keystores.list(),
    },
    [CARD_BRIDGE_ROUTES.inspectKeystore]: {
      method: 'POST',
      paired: true,
      handle: async ({ request }) => {
        const { fileName, password } = parseInspectRequest(
          await readJsonBody(request, CARD_BRIDGE_MAX_BODY_BYTES),
        );
        return keystores.inspect(fileName, password);
      },
    },
    [CARD_BRIDGE_ROUTES.checkKeystore]: {
      method: 'POST',
      paired: true,
      handle: async ({ request, origin }): Promise<KeystoreCheckResultDto> => {
        const location = parseKeystoreCheckRequest(await readJsonBody(request, CARD_BRIDGE_MAX_BODY_BYTES));
        const result = await checkKeystore(location, {
          folder: keystores,
          passwordEntry,
          oneAtATime: (ask) => queue.run(ask),
          now,
        });
        log('keystore checked', { origin, outcome: result.outcome, failure: result.failure ?? null });
        return result;
      },
    },
    [CARD_BRIDGE_ROUTES.reportKeystore]: {
      method: 'POST',
      paired: true,
      handle: async ({ request, origin }): Promise<KeystoreReportResultDto> => {
        const { fileName, password, apiToken } = parseReportRequest(
          await readJsonBody(request, CARD_BRIDGE_MAX_BODY_BYTES),
        );
        if (!config.apiUrl) {
          throw new CardBridgeError(
            'API_NOT_CONFIGURED',
            'The bridge was started without --api-url: it cannot report to the api.',
          );
        }
        const report = keystoreReport(await keystores.inspect(fileName, password), now());
        const apiStatus = await sendKeystoreReport(config.apiUrl, apiToken, report);
        log('keystore reported', { origin, fileName });
        return { report, apiStatus };
      },
    },
  };

  let boundPort = config.port;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (!isAllowedHost(request.headers.host, boundPort)) {
      log('refused: bad Host', { host: request.headers.host ?? null });
      throw new CardBridgeError(
        'HOST_NOT_ALLOWED',
        'The Host header must be 127.0.0.1 or localhost with the bridge port.',
      );
    }
    const origin = allowedOrigin(request, allowedOrigins);
    if (!origin) {
      log('refused: origin not allowed', { origin: request.headers.origin ?? null });
      throw new CardBridgeError('ORIGIN_NOT_ALLOWED', 'This site is not allowed to use the card bridge.');
    }
    if (request.method === 'OPTIONS') return answerPreflight(request, response, origin);
    setCorsHeaders(response, origin);

    const path = new URL(request.url ?? '/', 'http://bridge').pathname;
    const route = routes[path];
    if (!route) throw new CardBridgeError('NOT_FOUND', `No such route: ${path}`);
    if (request.method !== route.method) {
      response.setHeader('Allow', route.method);
      throw new CardBridgeError('METHOD_NOT_ALLOWED', `${path} answers ${route.method} only.`);
    }
    if (route.paired) {
      const [scheme, token] = (request.headers.authorization ?? '').split(' ');
      if (scheme !== CARD_BRIDGE_AUTHORIZATION_SCHEME || !token || !pairing.isValid(token, origin)) {
        throw new CardBridgeError('PAIRING_REQUIRED', 'Pair this browser with the card bridge first.');
      }
    }
    sendJson(response, 200, await route.handle({ request, origin }));
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const failure =
        error instanceof CardBridgeError
          ? error
          : new CardBridgeError('INTERNAL_ERROR', 'The card bridge failed unexpectedly; see its log.');
      if (!(error instanceof CardBridgeError))
        log('internal error', { error: error instanceof Error ? error.message : String(error) });
      if (response.headersSent) return void response.destroy();
      if (failure.code === 'PAYLOAD_TOO_LARGE') response.setHeader('Connection', 'close');
      sendJson(response, failure.httpStatus, failure.toDto());
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  server.maxConnections = 64;

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(config.port, CARD_BRIDGE_HOST, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  boundPort = (server.address() as AddressInfo).port;

  return {
    url: `http://${CARD_BRIDGE_HOST}:${boundPort}`,
    port: boundPort,
    issuePairingCode: () => pairing.issueCode(),
    async close() {
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
      await queue.run(() => card.close()).catch(() => undefined);
    },
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}
