// The depot's one operation, GetEtk (SOAP 1.1, document/literal), as its schema fixes it: the request we send and
// what each answer means. See docs/etk-directory.md.
import { type XmlElement, XmlRefusedError, childNamed, childrenNamed, escapeXml, parseXml } from './xml.js';

export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const ETK_DEPOT_NS = 'urn:be:fgov:ehealth:etkdepot:1_0:protocol';
export const EHEALTH_CORE_NS = 'urn:be:fgov:ehealth:commons:1_0:core';

export interface DepotIdentifier {
  type: string;
  /** Zero-padded to the type's length. */
  value: string;
  /** Null: none asked (the element is left out). */
  applicationId: string | null;
}

export interface DepotMessage {
  code: string;
  message: string;
}

/** What one GetEtk answer says. */
export type GetEtkAnswer =
  /** One ETK, as published (the base64 decoded). */
  | { kind: 'etk'; etk: Uint8Array }
  /** Several ETKs match (the holder has several applications): ask again once per application. */
  | { kind: 'matching'; identifiers: DepotIdentifier[] }
  /** No ETK: `NO_MATCHING_ETK` (nothing published), `INVALID_*_NUMBER`, ... A normal answer, not a failure. */
  | { kind: 'none'; errors: DepotMessage[] };

/** The depot answered, but not with an answer to use: a SOAP fault, or something that is not its answer. */
export class DepotAnswerError extends Error {
  override readonly name = 'DepotAnswerError';

  constructor(
    readonly kind: 'fault' | 'garbage',
    message: string,
  ) {
    super(message);
  }
}

export function getEtkRequest(identifier: DepotIdentifier): string {
  const applicationId =
    identifier.applicationId === null
      ? ''
      : `<etk:ApplicationID>${escapeXml(identifier.applicationId)}</etk:ApplicationID>`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENVELOPE_NS}"><soapenv:Body>` +
    `<etk:GetEtkRequest xmlns:etk="${ETK_DEPOT_NS}"><etk:SearchCriteria><etk:Identifier>` +
    `<etk:Type>${escapeXml(identifier.type)}</etk:Type><etk:Value>${escapeXml(identifier.value)}</etk:Value>` +
    applicationId +
    '</etk:Identifier></etk:SearchCriteria></etk:GetEtkRequest></soapenv:Body></soapenv:Envelope>'
  );
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/** Reads a SOAP answer. Throws DepotAnswerError for a fault or anything that is not a GetEtkResponse. */
export function readGetEtkAnswer(text: string): GetEtkAnswer {
  let envelope: XmlElement;
  try {
    envelope = parseXml(text);
  } catch (error) {
    if (error instanceof XmlRefusedError) throw garbage(error.message);
    throw error;
  }
  if (envelope.uri !== SOAP_ENVELOPE_NS || envelope.local !== 'Envelope')
    throw garbage(`its root is {${envelope.uri}}${envelope.local}, not a SOAP 1.1 Envelope`);
  const body = childNamed(envelope, SOAP_ENVELOPE_NS, 'Body');
  const [content] = body?.children ?? [];
  if (!content) throw garbage('its SOAP Body is empty');
  if (content.uri === SOAP_ENVELOPE_NS && content.local === 'Fault') {
    const faultCode = textOf(childNamed(content, '', 'faultcode'));
    const faultString = textOf(childNamed(content, '', 'faultstring'));
    throw new DepotAnswerError(
      'fault',
      `the depot answered a SOAP fault: ${faultCode || '?'} ${faultString}`.trim(),
    );
  }
  if (content.uri !== ETK_DEPOT_NS || content.local !== 'GetEtkResponse')
    throw garbage(`its SOAP Body holds {${content.uri}}${content.local}, not a GetEtkResponse`);
  return readResponse(content);
}

function readResponse(response: XmlElement): GetEtkAnswer {
  const errors = childrenNamed(response, ETK_DEPOT_NS, 'Error').map((error) => ({
    code: textOf(childNamed(error, ETK_DEPOT_NS, 'Code')),
    message: textOf(childNamed(error, ETK_DEPOT_NS, 'Message')),
  }));
  const etks = childrenNamed(response, ETK_DEPOT_NS, 'ETK');
  const matching = childrenNamed(response, ETK_DEPOT_NS, 'MatchingEtk');
  const answers = [etks.length > 0, matching.length > 0, errors.length > 0].filter(Boolean).length;
  if (answers > 1) throw garbage('its GetEtkResponse mixes ETK, MatchingEtk and Error');
  if (etks.length > 1) throw garbage('its GetEtkResponse holds several ETKs');
  if (etks[0]) {
    const base64 = etks[0].text;
    if (!BASE64.test(base64) || base64.trim() === '') throw garbage('its ETK is not base64');
    return { kind: 'etk', etk: new Uint8Array(Buffer.from(base64.replace(/\s+/g, ''), 'base64')) };
  }
  if (matching.length > 0) return { kind: 'matching', identifiers: matching.map(matchingIdentifier) };
  if (errors.length > 0) return { kind: 'none', errors };
  const status = statusOf(response);
  throw garbage(
    status
      ? `its GetEtkResponse has status ${status.code} (${status.message}) and no ETK, MatchingEtk or Error`
      : 'its GetEtkResponse holds no Status, ETK, MatchingEtk or Error',
  );
}

function matchingIdentifier(match: XmlElement): DepotIdentifier {
  const identifier = childNamed(match, ETK_DEPOT_NS, 'Identifier');
  if (!identifier) throw garbage('a MatchingEtk holds no Identifier');
  const type = textOf(childNamed(identifier, ETK_DEPOT_NS, 'Type'));
  const value = textOf(childNamed(identifier, ETK_DEPOT_NS, 'Value'));
  if (!type || !value) throw garbage('a MatchingEtk Identifier lacks its Type or Value');
  const applicationId = textOf(childNamed(identifier, ETK_DEPOT_NS, 'ApplicationID'));
  return { type, value, applicationId: applicationId === '' ? null : applicationId };
}

/** Status { Code, Message } in the commons core namespace; its children are unqualified in the schema. */
function statusOf(response: XmlElement): DepotMessage | null {
  const status = childNamed(response, EHEALTH_CORE_NS, 'Status');
  if (!status) return null;
  const child = (local: string) =>
    childNamed(status, '', local) ?? childNamed(status, EHEALTH_CORE_NS, local);
  return { code: textOf(child('Code')), message: textOf(child('Message')) };
}

function textOf(element: XmlElement | undefined): string {
  return element?.text.trim() ?? '';
}

function garbage(detail: string): DepotAnswerError {
  return new DepotAnswerError('garbage', `the depot's answer cannot be read: ${detail}`);
}
