// @certdesk/pki/testing: the test PKI every Certdesk test mints its certificates and keystores with.
export {
  type IssueCitizenCertificatesOptions,
  type IssueEhealthCertificateOptions,
  type IssueEtkCertificateOptions,
  type IssueEtkOptions,
  type TestEtk,
  type TestAuthority,
  type TestCertificate,
  type TestKeyAlgorithm,
  type TestPki,
  createTestPki,
} from './pki.js';
export {
  type BuildEhealthKeystoreOptions,
  type BuildKeystoreOptions,
  type KeystoreEntryInput,
  buildEhealthKeystore,
  buildKeystore,
} from './keystores.js';
export { withMacData } from '../pkcs12/write.js';
export { processGoesQuiet } from './process-quiet.js';
