// Certificate requests (PKCS#10): recognised only to say what they are, never read.
import * as asn1js from 'asn1js';
import { DerStructureError, decodeDer, isContextTag, sequenceOf, smallInteger } from './der.js';

/** CertificationRequest { CertificationRequestInfo { version 0, subject, subjectPKInfo, [0] attributes }, algorithm, signature }. */
export function isCertificationRequest(bytes: Uint8Array): boolean {
  try {
    const [info, algorithm, signature] = sequenceOf(decodeDer(bytes), 'request');
    const [version, subject, publicKey, attributes, ...extra] = sequenceOf(info, 'request info');
    return (
      smallInteger(version, 'version') === 0 &&
      subject instanceof asn1js.Sequence &&
      publicKey instanceof asn1js.Sequence &&
      (attributes === undefined || isContextTag(attributes, 0)) &&
      extra.length === 0 &&
      algorithm instanceof asn1js.Sequence &&
      signature instanceof asn1js.BitString
    );
  } catch (error) {
    if (error instanceof DerStructureError) return false;
    throw error;
  }
}
