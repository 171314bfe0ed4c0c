// X.500 Name <-> DistinguishedName. Formatting and eHealth meaning belong to @certdesk/domain.
import * as asn1js from 'asn1js';
import {
  DN_ATTRIBUTE_TYPES,
  type DistinguishedName,
  type DnAttribute,
  normalizeDnAttributeType,
} from '@certdesk/domain';
import { DerStructureError, decodeDer } from './der.js';
import {
  type DerElement,
  constructedElements,
  contentOf,
  encodingOf,
  objectIdentifier,
  readDerElement,
} from './der-reader.js';

const OID_OF_TYPE: ReadonlyMap<string, string> = new Map(
  [...DN_ATTRIBUTE_TYPES].map(([oid, name]) => [name, oid]),
);

/**
 * Reads a Name (SEQUENCE OF RelativeDistinguishedName) into RFC 4514 order, most specific first.
 * A multi-valued RDN contributes each of its attributes, the second and later marked `joinedToPrevious` (so the
 * name prints as `A=1+B=2` and rules can tell it from two RDNs). Unknown attribute types keep their dotted OID.
 */
export function readName(node: asn1js.BaseBlock | undefined, what: string): DistinguishedName {
  if (!node) throw new DerStructureError(`${what}: expected a constructed element`);
  return readNameElement(readDerElement(node.valueBeforeDecodeView), what);
}

/** readName, on der-reader's elements (the certificate reader's). */
export function readNameElement(element: DerElement | undefined, what: string): DistinguishedName {
  const attributes: DnAttribute[] = [];
  const rdns = constructedElements(element, what);
  for (let r = rdns.length - 1; r >= 0; r--) {
    constructedElements(rdns[r], what).forEach((typeAndValue, index) => {
      const [typeElement, valueElement] = constructedElements(typeAndValue, what);
      const oid = objectIdentifier(typeElement, what);
      const attribute: DnAttribute = {
        type: DN_ATTRIBUTE_TYPES.get(oid) ?? oid,
        value: attributeValue(valueElement, what),
      };
      if (index > 0) attribute.joinedToPrevious = true;
      attributes.push(attribute);
    });
  }
  return attributes;
}

/** String types whose characters are their bytes (asn1js reads them so): Numeric, Printable, Teletex, Videotex,
 * IA5, Graphic, Visible, General and Character strings. */
const ONE_BYTE_STRINGS = new Set([18, 19, 20, 21, 22, 25, 26, 27, 29]);
const UTF8_STRING = 12;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function attributeValue(element: DerElement | undefined, what: string): string {
  if (!element) throw new DerStructureError(`${what}: attribute without a value`);
  if (element.tagClass === 1 && !element.constructed) {
    const content = contentOf(element);
    if (ONE_BYTE_STRINGS.has(element.tagNumber))
      return Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('latin1');
    if (element.tagNumber === UTF8_STRING) {
      try {
        return strictUtf8.decode(content);
      } catch {
        // Not UTF-8 after all: asn1js's reading below.
      }
    }
  }
  // Less common forms (BMPString, UniversalString, invalid UTF-8, constructed strings, times): as asn1js reads them.
  const node = decodeDer(encodingOf(element));
  if (node instanceof asn1js.BaseStringBlock) return node.valueBlock.value;
  // Not a string type: RFC 4514 writes it as '#' and the hex of its encoding.
  return `#${Buffer.from(encodingOf(element)).toString('hex')}`;
}

/** Types written as PrintableString (as the Belgian eID and X.520 do); the rest as UTF8String. */
const PRINTABLE_TYPES = new Set(['C', 'SERIALNUMBER', 'DNQUALIFIER']);
const IA5_TYPES = new Set(['EMAILADDRESS', 'DC']);

/**
 * Encodes a DistinguishedName (most specific first) as a Name: one attribute per RDN, except that attributes marked
 * `joinedToPrevious` share the RDN of the one before them (a multi-valued RDN, as readName reads it).
 */
export function encodeName(dn: DistinguishedName): asn1js.Sequence {
  const rdns: asn1js.Sequence[][] = [];
  for (const attribute of dn) {
    if (attribute.joinedToPrevious && rdns.length > 0)
      rdns[rdns.length - 1]!.push(encodeAttribute(attribute));
    else rdns.push([encodeAttribute(attribute)]);
  }
  return new asn1js.Sequence({
    value: rdns.reverse().map((typesAndValues) => new asn1js.Set({ value: typesAndValues })),
  });
}

function encodeAttribute({ type, value }: DnAttribute): asn1js.Sequence {
  const name = normalizeDnAttributeType(type);
  const oid = OID_OF_TYPE.get(name) ?? (/^\d+(\.\d+)+$/.test(name) ? name : undefined);
  if (!oid) throw new Error(`Unknown distinguished-name attribute type: ${type}`);
  const encodedValue = PRINTABLE_TYPES.has(name)
    ? new asn1js.PrintableString({ value })
    : IA5_TYPES.has(name)
      ? new asn1js.IA5String({ value })
      : new asn1js.Utf8String({ value });
  return new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), encodedValue] });
}
