// @certdesk/pki: reads certificates and keystores, verifies signatures and chains.
// Produces CertificateFacts for @certdesk/domain, which classifies them (eHealth rules live there).
export { CertificateFileError, type CertificateFileErrorCode } from './errors.js';
export { type ReadCertificate, parseCertificate, serialDecimal, subjectSerialNumber } from './certificate.js';
export {
  type KeystoreEntry,
  type KeystoreEntryRole,
  type KeystoreSummary,
  AUTHENTICATION_ALIAS,
} from './keystore.js';
export { type EtkContents, type EtkProblem, type EtkProblemCode, type EtkRole } from './etk.js';
export { type ReadOptions, type ReadResult, readCertificateFile, readEtk } from './read-certificate-file.js';
export { readResultInThisRealm } from './read-result-in-realm.js';
export { type SniffedFormat, sniffFormat } from './sniff.js';
export {
  type ChainVerification,
  type DigestAlgorithm,
  type SignatureAlgorithm,
  verifyCertificateChain,
  verifySignature,
  verifySignedDigest,
} from './verify.js';
export {
  EVIDENCE_JSON,
  EVIDENCE_PACK_FORMAT,
  EVIDENCE_PDF,
  EVIDENCE_SIGNATURE,
  type EvidenceStatement,
  type EvidenceVerificationFailure,
  EvidencePackError,
  normaliseFingerprint,
  publicKeyFingerprint,
  sealEvidencePack,
  type VerifiedEvidencePack,
  verifyEvidencePack,
} from './evidence-pack.js';
