// A small reader of DER (and of BER's indefinite lengths) for the hot path: certificates, read by the thousand
// in an import. asn1js builds a class instance per element and checks its input's type with
// Object.prototype.toString several times per element (@peculiar/utils' toUint8Array): 40% of the time a
// certificate took, and twice node's X509Certificate (docs/performance.md). This one reads elements as offsets
// into the input and allocates only what the caller asks for. Rare encodings (a time or a string of an
// uncommon form) are still decoded by asn1js, from the element's own bytes.
import { DerStructureError } from './der.js';

export interface DerElement {
  readonly input: Uint8Array;
  /** asn1js's numbering: 1 universal, 2 application, 3 context-specific, 4 private. */
  readonly tagClass: number;
  readonly tagNumber: number;
  readonly constructed: boolean;
  /** Offsets into `input`: the identifier's first byte, the contents, and the first byte after the element. */
  readonly start: number;
  readonly contentStart: number;
  readonly contentEnd: number;
  readonly end: number;
}

const UNIVERSAL = 1;
const CONTEXT = 3;
/** Deeper nesting than any certificate has: a hostile file must not exhaust the stack. */
const MAX_DEPTH = 64;

/**
 * Reads exactly one element filling `input`, and checks every constructed element inside it (lengths within their
 * parent's, end-of-contents where an indefinite length needs one), as decodeDer does with asn1js.
 */
export function readDerElement(input: Uint8Array): DerElement {
  const element = readAt(input, 0, input.length, 0);
  if (element.end !== input.length) throw new DerStructureError('unexpected data after the end');
  checkNested(element, 0);
  return element;
}

function checkNested(element: DerElement, depth: number): void {
  if (!element.constructed) return checkPrimitive(element);
  if (depth > MAX_DEPTH) throw new DerStructureError('nested too deeply');
  for (const child of childrenOf(element)) checkNested(child, depth + 1);
}

/** What asn1js refuses in a primitive it decodes: an OID cut inside a subidentifier, a BIT STRING's unused bits. */
function checkPrimitive(element: DerElement): void {
  if (element.tagClass !== UNIVERSAL) return;
  const length = element.contentEnd - element.contentStart;
  if (element.tagNumber === 6 && length > 0 && (element.input[element.contentEnd - 1]! & 0x80) !== 0)
    throw new DerStructureError('an OID ends inside a subidentifier');
  if (element.tagNumber === 3 && length > 0 && element.input[element.contentStart]! > 7)
    throw new DerStructureError('a BIT STRING has more than 7 unused bits');
}

function readAt(input: Uint8Array, offset: number, limit: number, depth: number): DerElement {
  if (depth > MAX_DEPTH) throw new DerStructureError('nested too deeply');
  let p = offset;
  const next = () => {
    if (p >= limit) throw new DerStructureError('an element is longer than its declared length');
    return input[p++]!;
  };
  const first = next();
  const tagClass = (first >> 6) + 1;
  const constructed = (first & 0x20) !== 0;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    let byte: number;
    do {
      byte = next();
      tagNumber = tagNumber * 128 + (byte & 0x7f);
      if (tagNumber > 0xffffffff) throw new DerStructureError('tag number out of range');
    } while (byte & 0x80);
  }
  const lengthByte = next();
  if (lengthByte === 0x80) {
    if (!constructed) throw new DerStructureError('indefinite length on a primitive element');
    const contentStart = p;
    for (;;) {
      if (p + 2 > limit) throw new DerStructureError('an element is longer than its declared length');
      if (input[p] === 0 && input[p + 1] === 0) {
        return {
          input,
          tagClass,
          tagNumber,
          constructed,
          start: offset,
          contentStart,
          contentEnd: p,
          end: p + 2,
        };
      }
      p = readAt(input, p, limit, depth + 1).end;
    }
  }
  let length = lengthByte;
  if (lengthByte > 0x80) {
    const count = lengthByte & 0x7f;
    if (count > 6) throw new DerStructureError('length out of range');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + next();
  }
  const end = p + length;
  if (end > limit) throw new DerStructureError('an element is longer than its declared length');
  return { input, tagClass, tagNumber, constructed, start: offset, contentStart: p, contentEnd: end, end };
}

/** The elements inside a constructed element. */
export function childrenOf(element: DerElement): DerElement[] {
  const children: DerElement[] = [];
  for (let p = element.contentStart; p < element.contentEnd;) {
    const child = readAt(element.input, p, element.contentEnd, 0);
    children.push(child);
    p = child.end;
  }
  return children;
}

function universal(element: DerElement | undefined, tagNumber: number): boolean {
  return !!element && element.tagClass === UNIVERSAL && element.tagNumber === tagNumber;
}

export function isSequence(element: DerElement | undefined): element is DerElement {
  return universal(element, 16) && element!.constructed;
}

/** The elements of a SEQUENCE. */
export function sequenceElements(element: DerElement | undefined, what: string): DerElement[] {
  if (!isSequence(element)) throw new DerStructureError(`${what}: expected a SEQUENCE`);
  return childrenOf(element);
}

/** The elements of any constructed element (a SET, a SEQUENCE, a tagged one). */
export function constructedElements(element: DerElement | undefined, what: string): DerElement[] {
  if (!element || !element.constructed)
    throw new DerStructureError(`${what}: expected a constructed element`);
  return childrenOf(element);
}

export function contentOf(element: DerElement): Uint8Array {
  return element.input.subarray(element.contentStart, element.contentEnd);
}

/** The element as encoded in the input (a view, not a copy). */
export function encodingOf(element: DerElement): Uint8Array {
  return element.input.subarray(element.start, element.end);
}

export function isContextElement(element: DerElement | undefined, tagNumber: number): boolean {
  return !!element && element.tagClass === CONTEXT && element.tagNumber === tagNumber;
}

/** The single element inside an EXPLICIT [n], or undefined when `element` is another one. */
export function explicitElement(element: DerElement | undefined, tagNumber: number): DerElement | undefined {
  if (!isContextElement(element, tagNumber)) return undefined;
  return constructedElements(element, `[${tagNumber}]`)[0];
}

export function objectIdentifier(element: DerElement | undefined, what: string): string {
  if (!universal(element, 6) || element!.constructed) throw new DerStructureError(`${what}: expected an OID`);
  const bytes = contentOf(element!);
  if (bytes.length === 0 || (bytes[bytes.length - 1]! & 0x80) !== 0)
    throw new DerStructureError(`${what}: expected an OID`);
  const arcs: string[] = [];
  let value = 0;
  let big: bigint | null = null;
  for (const byte of bytes) {
    if (big !== null) big = big * 128n + BigInt(byte & 0x7f);
    else {
      value = value * 128 + (byte & 0x7f);
      if (value > Number.MAX_SAFE_INTEGER / 256) big = BigInt(value);
    }
    if (byte & 0x80) continue;
    if (arcs.length === 0) {
      // The first subidentifier holds the first two arcs: 40 * X + Y, X in 0..2.
      if (big !== null) arcs.push('2', (big - 80n).toString());
      else if (value < 80) arcs.push(String(Math.floor(value / 40)), String(value % 40));
      else arcs.push('2', String(value - 80));
    } else arcs.push(big !== null ? big.toString() : String(value));
    value = 0;
    big = null;
  }
  return arcs.join('.');
}

/** The content bytes of an INTEGER (two's complement, as stored). */
export function integerContent(element: DerElement | undefined, what: string): Uint8Array {
  if (!universal(element, 2) || element!.constructed || element!.contentEnd === element!.contentStart)
    throw new DerStructureError(`${what}: expected an INTEGER`);
  return contentOf(element!);
}

/** The bytes of a BIT STRING, after its unused-bits count. */
export function bitStringContent(element: DerElement | undefined, what: string): Uint8Array {
  if (!universal(element, 3) || element!.constructed || element!.contentEnd === element!.contentStart)
    throw new DerStructureError(`${what}: expected a BIT STRING`);
  checkPrimitive(element!);
  return contentOf(element!).subarray(1);
}

/** The contents of an OCTET STRING, primitive or constructed (BER writers split them into chunks). */
export function octetStringContent(element: DerElement | undefined, what: string): Uint8Array {
  if (!universal(element, 4)) throw new DerStructureError(`${what}: expected an OCTET STRING`);
  if (!element!.constructed) return contentOf(element!);
  const parts = childrenOf(element!).map((part) => octetStringContent(part, what));
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

export function booleanValue(element: DerElement | undefined): boolean | undefined {
  if (!universal(element, 1) || element!.constructed || element!.contentEnd !== element!.contentStart + 1)
    return undefined;
  return element!.input[element!.contentStart] !== 0;
}

export const UTC_TIME = 23;
export const GENERALIZED_TIME = 24;
