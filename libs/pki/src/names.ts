// X.500 Name <-> DistinguishedName. Formatting and eHealth meaning belong to @certdesk/domain.
import * as asn1js from 'asn1js';
import {
  DN_ATTRIBUTE_TYPES,
  type DistinguishedName,
  type DnAttribute,
  normalizeDnAttributeType,
} from '@certdesk/domain';
import { DerStructureError, elementsOf, oidOf } from './der.js';

const OID_OF_TYPE: ReadonlyMap<string, string> = new Map(
  [...DN_ATTRIBUTE_TYPES].map(([oid, name]) => [name, oid]),
);

/**
 * Reads a Name (SEQUENCE OF RelativeDistinguishedName) into RFC 4514 order, most specific first.
 * A multi-valued RDN contributes each of its attributes, the second and later marked `joinedToPrevious` (so the
 * name prints as `A=1+B=2` and rules can tell it from two RDNs). Unknown attribute types keep their dotted OID.
 */
export function readName(node: asn1js.BaseBlock | undefined, what: string): DistinguishedName {
  const attributes: DnAttribute[] = [];
  const rdns = elementsOf(node, what);
  for (let r = rdns.length - 1; r >= 0; r--) {
    elementsOf(rdns[r], what).forEach((typeAndValue, index) => {
      const [typeNode, valueNode] = elementsOf(typeAndValue, what);
      const oid = oidOf(typeNode, what);
      const attribute: DnAttribute = {
        type: DN_ATTRIBUTE_TYPES.get(oid) ?? oid,
        value: attributeValue(valueNode, what),
      };
      if (index > 0) attribute.joinedToPrevious = true;
      attributes.push(attribute);
    });
  }
  return attributes;
}

function attributeValue(node: asn1js.BaseBlock | undefined, what: string): string {
  if (node instanceof asn1js.BaseStringBlock) return node.valueBlock.value;
  if (!node) throw new DerStructureError(`${what}: attribute without a value`);
  // Not a string type: RFC 4514 writes it as '#' and the hex of its encoding.
  return `#${Buffer.from(node.valueBeforeDecodeView).toString('hex')}`;
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
