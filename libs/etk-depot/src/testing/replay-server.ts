// A local replay of the eHealth ETK Depot for tests and benchmarks: a small SOAP server on loopback that checks each
// request's envelope, namespaces and elements as the schema fixes them, and answers from what was published: an ETK, a
// MatchingEtk list or NO_MATCHING_ETK. `respond` replaces the answer for hostile cases (faults, garbage, huge answers,
// DTDs, hangs, dropped connections); see `depotAnswers`.
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SaxesParser } from 'saxes';
import { IDENTIFIER_TYPE_PATTERN, findIdentifierType } from '@certdesk/domain';
import { type DepotIdentifier, EHEALTH_CORE_NS, ETK_DEPOT_NS, SOAP_ENVELOPE_NS } from '../soap.js';

export interface PublishedEtk {
  identifierType: string;
  /** Zero-padded, as the depot is asked. */
  identifierValue: string;
  applicationId: string | null;
  etk: Uint8Array;
}

export interface ReplayRequest {
  /** performance.now() when the request arrived. */
  at: number;
  /** The identifier asked, or null when the request broke the schema (see `violations`). */
  identifier: DepotIdentifier | null;
  /** What in the request departs from the schema or the SOAP binding; empty for a good request. */
  violations: string[];
}

export type ReplayAnswer =
  | {
      status?: number;
      contentType?: string;
      body: string | Uint8Array;
      delayMs?: number;
      /** Sent in 64 KiB pieces without a Content-Length (chunked), as a streaming server would. */
      chunked?: boolean;
    }
  /** Never answers (until the server closes). */
  | { hang: true }
  /** Closes the connection without an answer. */
  | { destroy: true };

export interface EtkDepotReplayOptions {
  published?: PublishedEtk[];
  /** An answer of its own for a request, or undefined to answer from what is published. */
  respond?: (request: ReplayRequest) => ReplayAnswer | undefined;
  /** Added before every answer: a depot's latency. */
  delayMs?: number;
}

export interface EtkDepotReplay {
  /** The endpoint to give ETK_DEPOT_URL (or ETK_DEPOT_ACCEPTANCE_URL). */
  url: string;
  /** Every request received, in order. */
  requests: ReplayRequest[];
  /** Every schema violation seen, with the request's index: a test asserts it is empty. */
  violations(): string[];
  publish(etk: PublishedEtk): void;
  /** Removes what was published for an identifier (and application, when given). */
  unpublish(identifierType: string, identifierValue: string, applicationId?: string | null): void;
  respond(handler: EtkDepotReplayOptions['respond'] | undefined): void;
  close(): Promise<void>;
}

const PATH = '/EtkDepot/v1';
const MAX_REQUEST_BYTES = 64 * 1024;

export async function startEtkDepotReplay(options: EtkDepotReplayOptions = {}): Promise<EtkDepotReplay> {
  const published: PublishedEtk[] = [...(options.published ?? [])];
  const requests: ReplayRequest[] = [];
  let respond = options.respond;

  const server: Server = createServer((request, response) => {
    void handle(request, response).catch(() => response.destroy());
  });
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = performance.now();
    const body = await readBody(request);
    const violations = [
      ...transportViolations(request),
      ...(body === null ? ['the request is too large'] : []),
    ];
    const parsed = body === null ? { identifier: null, violations: [] } : readRequest(body);
    const record: ReplayRequest = {
      at,
      identifier: parsed.identifier,
      violations: [...violations, ...parsed.violations],
    };
    requests.push(record);
    const answer: ReplayAnswer =
      respond?.(record) ??
      (record.violations.length > 0 || !record.identifier
        ? depotAnswers.fault(`Client: ${record.violations.join('; ')}`, 'soap:Client')
        : answerFrom(published, record.identifier));
    if ('destroy' in answer) {
      request.socket.destroy();
      return;
    }
    if ('hang' in answer) return;
    const delay = (options.delayMs ?? 0) + (answer.delayMs ?? 0);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    response.writeHead(answer.status ?? 200, {
      'content-type': answer.contentType ?? 'text/xml; charset=utf-8',
    });
    response.end(answer.body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${PATH}`,
    requests,
    violations: () =>
      requests.flatMap((request, index) =>
        request.violations.map((violation) => `request ${index}: ${violation}`),
      ),
    publish: (etk) => published.push(etk),
    unpublish: (type, value, applicationId) => {
      for (let index = published.length - 1; index >= 0; index--) {
        const etk = published[index]!;
        if (
          etk.identifierType === type &&
          etk.identifierValue === value &&
          (applicationId === undefined || etk.applicationId === applicationId)
        )
          published.splice(index, 1);
      }
    },
    respond: (handler) => {
      respond = handler;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The depot's lookup rules, as the connectors rely on them: with an application ID, that application's ETK; without,
 * the one ETK when the holder has a single one without application, else a MatchingEtk per published ETK.
 */
function answerFrom(published: PublishedEtk[], asked: DepotIdentifier): ReplayAnswer {
  const candidates = published.filter(
    (etk) => etk.identifierType === asked.type && etk.identifierValue === asked.value,
  );
  if (asked.applicationId !== null) {
    const match = candidates.find((etk) => etk.applicationId === asked.applicationId);
    return match ? depotAnswers.etk(match.etk, asked) : depotAnswers.error('NO_MATCHING_ETK', asked);
  }
  if (candidates.length === 0) return depotAnswers.error('NO_MATCHING_ETK', asked);
  if (candidates.length === 1 && candidates[0]!.applicationId === null)
    return depotAnswers.etk(candidates[0]!.etk, asked);
  return depotAnswers.matching(
    candidates.map((etk) => ({
      type: etk.identifierType,
      value: etk.identifierValue,
      applicationId: etk.applicationId,
    })),
    asked,
  );
}

function transportViolations(request: IncomingMessage): string[] {
  const violations: string[] = [];
  if (request.method !== 'POST') violations.push(`method ${request.method}, not POST`);
  if (request.url !== PATH) violations.push(`path ${request.url}, not ${PATH}`);
  const contentType = (request.headers['content-type'] ?? '').toLowerCase().replace(/\s+/g, '');
  if (contentType !== 'text/xml;charset=utf-8')
    violations.push(`Content-Type "${request.headers['content-type']}", not "text/xml; charset=utf-8"`);
  if (request.headers.soapaction !== '""')
    violations.push(`SOAPAction ${JSON.stringify(request.headers.soapaction)}, not ""`);
  if (request.headers.authorization) violations.push('an Authorization header: the depot is anonymous');
  return violations;
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

interface Node {
  uri: string;
  local: string;
  children: Node[];
  text: string;
}

/** The request checked against the schema: Envelope/Body/GetEtkRequest/SearchCriteria/Identifier/{Type, Value, ApplicationID?}. */
function readRequest(text: string): { identifier: DepotIdentifier | null; violations: string[] } {
  const violations: string[] = [];
  let root: Node | null = null;
  const open: Node[] = [];
  const parser = new SaxesParser({ xmlns: true, position: false });
  parser.on('doctype', () => violations.push('a DOCTYPE'));
  parser.on('opentag', (tag) => {
    const node: Node = { uri: tag.uri, local: tag.local, children: [], text: '' };
    (open[open.length - 1]?.children ?? []).push(node);
    if (!root) root = node;
    open.push(node);
  });
  parser.on('text', (value) => {
    const current = open[open.length - 1];
    if (current) current.text += value;
  });
  parser.on('closetag', () => open.pop());
  try {
    parser.write(text).close();
  } catch (error) {
    return {
      identifier: null,
      violations: [...violations, `not well-formed XML: ${(error as Error).message}`],
    };
  }
  const name = (node: Node) => `{${node.uri}}${node.local}`;
  /** The node's element children must be exactly these (namespace, name, optional), in order; no text beside them. */
  const expect = (node: Node, wanted: Array<[string, string, boolean?]>): Node[] => {
    if (node.text.trim() !== '') violations.push(`text inside ${name(node)}`);
    const found: Node[] = [];
    let index = 0;
    for (const [uri, local, optional] of wanted) {
      const child = node.children[index];
      if (child && child.uri === uri && child.local === local) {
        found.push(child);
        index++;
      } else if (!optional) {
        violations.push(`${name(node)} lacks {${uri}}${local}${child ? ` (found ${name(child)})` : ''}`);
        return [];
      }
    }
    for (const extra of node.children.slice(index))
      violations.push(`unexpected ${name(extra)} in ${name(node)}`);
    return found;
  };
  const envelope = root as Node | null;
  if (!envelope || envelope.uri !== SOAP_ENVELOPE_NS || envelope.local !== 'Envelope') {
    violations.push(`the root is ${envelope ? name(envelope) : 'missing'}, not a SOAP 1.1 Envelope`);
    return { identifier: null, violations };
  }
  const hasHeader = envelope.children[0]?.local === 'Header';
  const [, body] = hasHeader
    ? expect(envelope, [
        [SOAP_ENVELOPE_NS, 'Header'],
        [SOAP_ENVELOPE_NS, 'Body'],
      ])
    : [undefined, ...expect(envelope, [[SOAP_ENVELOPE_NS, 'Body']])];
  const [getEtk] = body ? expect(body, [[ETK_DEPOT_NS, 'GetEtkRequest']]) : [];
  const [criteria] = getEtk ? expect(getEtk, [[ETK_DEPOT_NS, 'SearchCriteria']]) : [];
  const [identifier] = criteria ? expect(criteria, [[ETK_DEPOT_NS, 'Identifier']]) : [];
  if (!identifier) return { identifier: null, violations };
  const fields = expect(identifier, [
    [ETK_DEPOT_NS, 'Type'],
    [ETK_DEPOT_NS, 'Value'],
    [ETK_DEPOT_NS, 'ApplicationID', true],
  ]);
  if (fields.length < 2) return { identifier: null, violations };
  for (const field of fields)
    if (field.children.length > 0) violations.push(`elements inside ${name(field)}`);
  const [typeNode, valueNode, applicationNode] = fields;
  const type = typeNode!.text;
  const value = valueNode!.text;
  if (!IDENTIFIER_TYPE_PATTERN.test(type)) violations.push(`Type "${type}" is not an identifier type`);
  const known = findIdentifierType(type);
  if (known && !new RegExp(`^[0-9]{${known.length}}$`).test(value))
    violations.push(`Value "${value}" is not ${known.length} digits (zero-padded) for ${type}`);
  if (!known && !/^[0-9]+$/.test(value)) violations.push(`Value "${value}" is not digits`);
  const applicationId = applicationNode?.text.trim() || null;
  return { identifier: violations.length === 0 ? { type, value, applicationId } : null, violations };
}

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function envelope(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="${SOAP_ENVELOPE_NS}"><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

function identifierXml(identifier: DepotIdentifier): string {
  return (
    `<ns3:Identifier><ns3:Type>${escape(identifier.type)}</ns3:Type><ns3:Value>${escape(identifier.value)}</ns3:Value>` +
    (identifier.applicationId === null
      ? ''
      : `<ns3:ApplicationID>${escape(identifier.applicationId)}</ns3:ApplicationID>`) +
    '</ns3:Identifier>'
  );
}

/** A GetEtkResponse as the depot writes it: Status (core namespace, unqualified children), the criteria echoed, then `inner`. */
function getEtkResponse(inner: string, asked: DepotIdentifier | null): string {
  const given = asked ? `<ns3:GivenSearchCriteria>${identifierXml(asked)}</ns3:GivenSearchCriteria>` : '';
  return envelope(
    `<ns3:GetEtkResponse xmlns:ns2="${EHEALTH_CORE_NS}" xmlns:ns3="${ETK_DEPOT_NS}" Id="_${randomUUID()}">` +
      '<ns2:Status><Code>200</Code><Message Lang="EN">Success</Message></ns2:Status>' +
      `${given}${inner}</ns3:GetEtkResponse>`,
  );
}

const xml = (body: string, status = 200): ReplayAnswer => ({ status, body });

/** Answers for `respond`: the depot's own, and the hostile ones a client must survive. */
export const depotAnswers = {
  etk: (etk: Uint8Array, asked: DepotIdentifier | null = null) =>
    xml(getEtkResponse(`<ns3:ETK>${Buffer.from(etk).toString('base64')}</ns3:ETK>`, asked)),
  matching: (identifiers: DepotIdentifier[], asked: DepotIdentifier | null = null) =>
    xml(
      getEtkResponse(
        identifiers
          .map((identifier) => `<ns3:MatchingEtk>${identifierXml(identifier)}</ns3:MatchingEtk>`)
          .join(''),
        asked,
      ),
    ),
  error: (
    code: string,
    asked: DepotIdentifier | null = null,
    message = 'No ETK matches the search criteria',
  ) =>
    xml(
      getEtkResponse(
        `<ns3:Error><ns3:Code>${escape(code)}</ns3:Code><ns3:Message>${escape(message)}</ns3:Message></ns3:Error>`,
        asked,
      ),
    ),
  /** A SOAP 1.1 fault, HTTP 500, as the depot's SystemError. */
  fault: (message = 'SystemError: an unexpected error occurred', code = 'soap:Server') =>
    xml(
      envelope(
        `<soap:Fault><faultcode>${code}</faultcode><faultstring>${escape(message)}</faultstring></soap:Fault>`,
      ),
      500,
    ),
  /** HTTP 200 with something that is not XML. */
  garbage: (body: string | Uint8Array = '<html><body>Service temporarily down for maintenance') => ({
    status: 200,
    contentType: 'text/html',
    body,
  }),
  /** `bytes` of whitespace; `chunked`: without a Content-Length, so only counting what arrives can stop it. */
  huge: (bytes: number, chunked = false): ReplayAnswer => ({
    status: 200,
    body: Buffer.alloc(bytes, 0x20),
    chunked,
  }),
  /** The billion-laughs entity expansion, behind a DOCTYPE. */
  entityBomb: () =>
    xml(
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
        Array.from({ length: 9 }, (_, level) => {
          const previous = level === 0 ? 'lol' : `lol${level}`;
          return `<!ENTITY lol${level + 1} "${`&${previous};`.repeat(10)}">`;
        }).join('') +
        `]>${envelope('<x>&lol9;</x>')}`,
    ),
  /** A SOAP envelope with elements nested `depth` deep in its body. */
  deeplyNested: (depth: number) => xml(envelope(`${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`)),
  unavailable: (status = 503) => ({ status, contentType: 'text/plain', body: 'Service Unavailable' }),
  hang: (): ReplayAnswer => ({ hang: true }),
  destroy: (): ReplayAnswer => ({ destroy: true }),
};
