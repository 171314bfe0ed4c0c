// Small, typed accessors over asn1js trees: each either returns what the structure must hold or throws
// a DerStructureError, which the readers turn into an UNREADABLE error naming the file kind.
import * as asn1js from 'asn1js';

export class DerStructureError extends Error {
  override readonly name = 'DerStructureError';
}

/**
 * Decodes exactly one BER/DER element filling `bytes`. Embedded OCTET/BIT STRING contents are left raw:
 * we decode them on demand. Stricter than asn1js alone, which tolerates a child running past its
 * parent's declared length: a damaged length must not read as a valid file.
 */
export function decodeDer(bytes: Uint8Array): asn1js.BaseBlock {
  const { offset, result } = asn1js.fromBER(bytes, { parseEmbedded: false, copyInput: false });
  if (offset === -1 || result.error) throw new DerStructureError(result.error || 'not ASN.1');
  if (offset !== bytes.length) throw new DerStructureError('unexpected data after the end');
  assertLengthsConsistent(result as asn1js.BaseBlock);
  return result as asn1js.BaseBlock;
}

function assertLengthsConsistent(node: asn1js.BaseBlock): void {
  const { lenBlock, idBlock } = node;
  if (
    !lenBlock.isIndefiniteForm &&
    node.valueBeforeDecodeView.length !== idBlock.blockLength + lenBlock.blockLength + lenBlock.length
  ) {
    throw new DerStructureError('an element is longer than its declared length');
  }
  if (idBlock.isConstructed) {
    for (const child of (node as asn1js.Constructed).valueBlock.value)
      assertLengthsConsistent(child as asn1js.BaseBlock);
  }
}

/** The elements of a SEQUENCE, SET or other constructed element. */
export function elementsOf(node: asn1js.BaseBlock | undefined, what: string): asn1js.BaseBlock[] {
  if (!node || !node.idBlock.isConstructed)
    throw new DerStructureError(`${what}: expected a constructed element`);
  return (node as asn1js.Constructed).valueBlock.value as asn1js.BaseBlock[];
}

export function sequenceOf(node: asn1js.BaseBlock | undefined, what: string): asn1js.BaseBlock[] {
  if (!(node instanceof asn1js.Sequence)) throw new DerStructureError(`${what}: expected a SEQUENCE`);
  return node.valueBlock.value as asn1js.BaseBlock[];
}

export function oidOf(node: asn1js.BaseBlock | undefined, what: string): string {
  if (!(node instanceof asn1js.ObjectIdentifier)) throw new DerStructureError(`${what}: expected an OID`);
  return node.getValue();
}

/** The magnitude bytes of an INTEGER as stored (two's complement, DER minimal). */
export function integerBytes(node: asn1js.BaseBlock | undefined, what: string): Uint8Array {
  if (!(node instanceof asn1js.Integer)) throw new DerStructureError(`${what}: expected an INTEGER`);
  return node.valueBlock.valueHexView;
}

export function smallInteger(node: asn1js.BaseBlock | undefined, what: string): number {
  const bytes = integerBytes(node, what);
  if (bytes.length > 6 || (bytes[0] ?? 0) & 0x80)
    throw new DerStructureError(`${what}: integer out of range`);
  let value = 0;
  for (const byte of bytes) value = value * 256 + byte;
  return value;
}

/**
 * The content octets of an OCTET STRING, or of an IMPLICIT-tagged one ([0] in EncryptedContentInfo),
 * primitive or constructed (BER writers such as Windows split them into chunks).
 */
export function octetsOf(node: asn1js.BaseBlock | undefined, what: string): Uint8Array {
  if (!node) throw new DerStructureError(`${what}: missing`);
  const { tagClass, tagNumber } = node.idBlock;
  const isOctetString = tagClass === 1 && tagNumber === 4;
  if (!isOctetString && tagClass !== 3) throw new DerStructureError(`${what}: expected an OCTET STRING`);
  if (!node.idBlock.isConstructed) {
    const view = (node as asn1js.Primitive).valueBlock.valueHexView;
    if (!view) throw new DerStructureError(`${what}: expected an OCTET STRING`);
    return view;
  }
  const parts = elementsOf(node, what).map((part) => octetsOf(part, what));
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** The bytes of a BIT STRING that has no unused bits (keys, signatures). */
export function bitStringBytes(node: asn1js.BaseBlock | undefined, what: string): Uint8Array {
  if (!(node instanceof asn1js.BitString)) throw new DerStructureError(`${what}: expected a BIT STRING`);
  return node.valueBlock.valueHexView;
}

/** The single element inside an EXPLICIT context tag [n], or undefined when the element is another one. */
export function explicitContent(
  node: asn1js.BaseBlock | undefined,
  tagNumber: number,
): asn1js.BaseBlock | undefined {
  if (!node || node.idBlock.tagClass !== 3 || node.idBlock.tagNumber !== tagNumber) return undefined;
  return elementsOf(node, `[${tagNumber}]`)[0];
}

export function isContextTag(node: asn1js.BaseBlock | undefined, tagNumber: number): boolean {
  return !!node && node.idBlock.tagClass === 3 && node.idBlock.tagNumber === tagNumber;
}

/** The DER encoding of an element as it was in the input (not re-encoded). */
export function encodedBytes(node: asn1js.BaseBlock): Uint8Array {
  return node.valueBeforeDecodeView;
}
