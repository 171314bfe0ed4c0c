// The test PKI: a root, the two eHealth issuing CAs (named exactly as the real Zetes ones, so
// @certdesk/domain classifies their certificates by environment), a Belgian-eID-like Citizen CA,
// and factories for eHealth, ETK and citizen certificates.
import { createPrivateKey } from 'node:crypto';
import { DEFAULT_ISSUER_ENVIRONMENTS, type DistinguishedName, buildEhealthSubject } from '@certdesk/domain';
import { parseCertificate } from '../certificate.js';
import type { KeyUsageName } from '../oids.js';
import { issueCertificate, randomSerialNumber } from './certificate-builder.js';
import { buildEtk } from './etk-builder.js';
import { type TestKeyAlgorithm, type TestKeyPair, newKeyPair } from './keys.js';

export type { TestKeyAlgorithm } from './keys.js';

export interface TestCertificate {
  der: Uint8Array;
  pem: string;
  /** Test material only: the key of a certificate minted for a test. */
  privateKeyPkcs8: Uint8Array;
  publicKeySpki: Uint8Array;
  keyAlgorithm: string;
  serialNumber: bigint;
  /** Issuer first, up to the root. */
  chain: Uint8Array[];
}

export interface TestAuthority {
  name: string;
  certificate: TestCertificate;
}

export interface IssueEhealthCertificateOptions {
  identifierType: string;
  identifierValue: string;
  holderName: string;
  applicationId?: string | null;
  environment?: 'production' | 'acceptance';
  issuer?: TestAuthority;
  notBefore?: Date;
  notAfter?: Date;
  /** RSA-2048 by default, as eHealth issues them. */
  keyAlgorithm?: TestKeyAlgorithm;
  serialNumber?: bigint;
}

export interface IssueEtkCertificateOptions {
  /** RSA-2048 by default: the ETK is an encryption key. */
  keyAlgorithm?: TestKeyAlgorithm;
  serialNumber?: bigint;
}

export interface IssueEtkOptions {
  /** The encryption certificate to publish; by default a new one from issueEtkCertificate(authentication). */
  encryption?: TestCertificate;
  /** For a new encryption certificate: RSA-2048 by default. */
  keyAlgorithm?: TestKeyAlgorithm;
  /** BER (indefinite lengths, chunked content) as the depot writes them, by default; or DER. */
  encoding?: 'ber' | 'der';
  /** Adds the authentication certificate's chain to the certificate set (some ETKs carry it). */
  includeChain?: boolean;
  /**
   * The certificate set as written, replacing [ETK-RA, authentication, (chain)]: to mint an ETK that carries another
   * holder's authentication certificate, garbage, or no signer.
   */
  certificates?: Uint8Array[];
}

/** An ETK as the depot publishes it, and what it was made of. */
export interface TestEtk {
  /** The ETK itself: CMS SignedData, BER unless asked otherwise. */
  bytes: Uint8Array;
  /** Its encryption certificate, with its key: put it in a keystore with buildEhealthKeystore({ etk: [...] }). */
  encryption: TestCertificate;
  authentication: TestCertificate;
}

export interface IssueCitizenCertificatesOptions {
  ssin: string;
  givenName: string;
  surname: string;
  keyAlgorithm: 'RSA-2048' | 'EC-P384';
  notBefore?: Date;
  notAfter?: Date;
  /**
   * Changes the eID-shaped subject before it is signed, to mint what a real card never carries: a second
   * serialNumber (`(dn) => [{ type: 'SERIALNUMBER', value: other }, ...dn]`), one joined to the CN in a multi-valued
   * RDN (`joinedToPrevious`), ... The card's role (Authentication or Signature) is passed along.
   */
  rewriteSubject?: (subject: DistinguishedName, role: 'Authentication' | 'Signature') => DistinguishedName;
}

export interface TestPki {
  root: TestAuthority;
  ehealthProduction: TestAuthority;
  ehealthAcceptance: TestAuthority;
  citizenCa: TestAuthority;
  /**
   * The depot's ETK signer: CN=ETK-RA, OU=eHealth-platform Belgium, O=Federal Government, C=BE, RSA-2048, and
   * expired (a year ago), as the one that signs today's real ETKs.
   */
  etkRa: TestAuthority;
  issueEhealthCertificate(options: IssueEhealthCertificateOptions): Promise<TestCertificate>;
  /** Issued by the holder's own authentication key: same subject and validity. */
  issueEtkCertificate(
    authentication: TestCertificate,
    options?: IssueEtkCertificateOptions,
  ): Promise<TestCertificate>;
  /** An ETK of the authentication certificate, signed by the ETK-RA: see IssueEtkOptions. */
  issueEtk(authentication: TestCertificate, options?: IssueEtkOptions): Promise<TestEtk>;
  /** eID-shaped: serialNumber=<SSIN>, GN, SN, CN=<name> (Authentication|Signature), C=BE. */
  issueCitizenCertificates(
    options: IssueCitizenCertificatesOptions,
  ): Promise<{ authentication: TestCertificate; signature: TestCertificate }>;
}

const DAY = 24 * 60 * 60 * 1000;
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';

function issuerCommonName(environment: 'production' | 'acceptance'): string {
  const rule = DEFAULT_ISSUER_ENVIRONMENTS.find((candidate) => candidate.environment === environment);
  if (!rule) throw new Error(`@certdesk/domain names no ${environment} issuer`);
  return rule.issuerCommonName;
}

function addMonths(date: Date, months: number): Date {
  const result = new Date(date);
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}

function toPem(der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${base64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

/** Internal: what the factory keeps about each certificate it minted, to sign with it later. */
interface Minted {
  certificate: TestCertificate;
  subject: DistinguishedName;
  key: TestKeyPair;
  notBefore: Date;
  notAfter: Date;
}

export async function createTestPki(): Promise<TestPki> {
  const minted = new WeakMap<TestCertificate, Minted>();
  const now = Date.now();

  async function mint(options: {
    subject: DistinguishedName;
    issuer: Minted | 'self';
    keyAlgorithm: TestKeyAlgorithm;
    notBefore: Date;
    notAfter: Date;
    isCa: boolean;
    keyUsages: KeyUsageName[];
    extendedKeyUsages?: string[];
    serialNumber?: bigint;
  }): Promise<Minted> {
    const key = await newKeyPair(options.keyAlgorithm);
    const issuer = options.issuer === 'self' ? { subject: options.subject, key, chain: [] } : options.issuer;
    const issuerSpki = options.issuer === 'self' ? key.publicKeySpki : options.issuer.key.publicKeySpki;
    const serialNumber = options.serialNumber ?? randomSerialNumber();
    const der = issueCertificate({
      subject: options.subject,
      publicKeySpki: key.publicKeySpki,
      issuer: { subject: issuer.subject, key: issuer.key, publicKeySpki: issuerSpki },
      serialNumber,
      notBefore: options.notBefore,
      notAfter: options.notAfter,
      isCa: options.isCa,
      keyUsages: options.keyUsages,
      ...(options.extendedKeyUsages ? { extendedKeyUsages: options.extendedKeyUsages } : {}),
    });
    const certificate: TestCertificate = {
      der,
      pem: toPem(der),
      privateKeyPkcs8: key.privateKeyPkcs8,
      publicKeySpki: key.publicKeySpki,
      keyAlgorithm: options.keyAlgorithm,
      serialNumber,
      chain:
        options.issuer === 'self'
          ? []
          : [options.issuer.certificate.der, ...options.issuer.certificate.chain],
    };
    const record: Minted = {
      certificate,
      subject: options.subject,
      key,
      notBefore: options.notBefore,
      notAfter: options.notAfter,
    };
    minted.set(certificate, record);
    return record;
  }

  const caValidity = { notBefore: new Date(now - 365 * DAY), notAfter: new Date(now + 20 * 365 * DAY) };
  const caUsages: KeyUsageName[] = ['keyCertSign', 'cRLSign'];
  const root = await mint({
    subject: [
      { type: 'CN', value: 'Certdesk Test Root CA' },
      { type: 'O', value: 'Certdesk tests' },
      { type: 'C', value: 'BE' },
    ],
    issuer: 'self',
    keyAlgorithm: 'EC-P256',
    isCa: true,
    keyUsages: caUsages,
    ...caValidity,
  });
  const intermediate = (subject: DistinguishedName, keyAlgorithm: TestKeyAlgorithm = 'EC-P256') =>
    mint({ subject, issuer: root, keyAlgorithm, isCa: true, keyUsages: caUsages, ...caValidity });
  const production = await intermediate([
    { type: 'CN', value: issuerCommonName('production') },
    { type: 'SERIALNUMBER', value: '001' },
    { type: 'O', value: 'ZETES SA' },
    { type: 'C', value: 'BE' },
  ]);
  const acceptance = await intermediate([
    { type: 'CN', value: issuerCommonName('acceptance') },
    { type: 'O', value: 'ZETES SA' },
    { type: 'C', value: 'BE' },
  ]);
  const citizen = await intermediate(
    [
      { type: 'CN', value: 'Citizen CA' },
      { type: 'SERIALNUMBER', value: '202301' },
      { type: 'C', value: 'BE' },
    ],
    'EC-P384',
  );
  const etkRa = await mint({
    subject: [
      { type: 'CN', value: 'ETK-RA' },
      { type: 'OU', value: 'eHealth-platform Belgium' },
      { type: 'O', value: 'Federal Government' },
      { type: 'C', value: 'BE' },
    ],
    issuer: root,
    keyAlgorithm: 'RSA-2048',
    notBefore: new Date(now - 6 * 365 * DAY),
    notAfter: new Date(now - 365 * DAY),
    isCa: false,
    keyUsages: ['digitalSignature', 'nonRepudiation'],
  });
  const authority = (name: string, record: Minted): TestAuthority => ({
    name,
    certificate: record.certificate,
  });
  const authorities = {
    root: authority('Certdesk Test Root CA', root),
    ehealthProduction: authority(issuerCommonName('production'), production),
    ehealthAcceptance: authority(issuerCommonName('acceptance'), acceptance),
    citizenCa: authority('Citizen CA', citizen),
    etkRa: authority('ETK-RA', etkRa),
  };

  const recordOf = (certificate: TestCertificate, what: string): Minted => {
    const record = minted.get(certificate);
    if (record) return record;
    // A certificate minted elsewhere (another TestPki): rebuild what signing needs from its own fields.
    const facts = parseCertificate(certificate.der);
    if (!certificate.privateKeyPkcs8.length) throw new Error(`${what} has no private key`);
    return {
      certificate,
      subject: facts.subject,
      key: importKey(certificate),
      notBefore: facts.notBefore,
      notAfter: facts.notAfter,
    };
  };

  const issueEtkCertificate: TestPki['issueEtkCertificate'] = async (authentication, options = {}) => {
    const holder = recordOf(authentication, 'the authentication certificate');
    const record = await mint({
      subject: holder.subject,
      issuer: holder,
      keyAlgorithm: options.keyAlgorithm ?? 'RSA-2048',
      notBefore: holder.notBefore,
      notAfter: holder.notAfter,
      isCa: false,
      keyUsages: ['keyEncipherment', 'dataEncipherment'],
      serialNumber: options.serialNumber ?? randomSerialNumber() >> 64n, // ETK serials are shorter
    });
    return record.certificate;
  };

  return {
    ...authorities,

    async issueEhealthCertificate(options) {
      const issuer = options.issuer
        ? recordOf(options.issuer.certificate, `issuer ${options.issuer.name}`)
        : options.environment === 'acceptance'
          ? acceptance
          : production;
      const notBefore = options.notBefore ?? new Date(now - DAY);
      const record = await mint({
        subject: buildEhealthSubject({
          identifierType: options.identifierType,
          identifierValue: options.identifierValue,
          holderName: options.holderName,
          applicationId: options.applicationId ?? null,
        }),
        issuer,
        keyAlgorithm: options.keyAlgorithm ?? 'RSA-2048',
        notBefore,
        notAfter: options.notAfter ?? addMonths(notBefore, 36),
        isCa: false,
        keyUsages: ['digitalSignature', 'keyEncipherment'],
        extendedKeyUsages: [CLIENT_AUTH],
        ...(options.serialNumber !== undefined ? { serialNumber: options.serialNumber } : {}),
      });
      return record.certificate;
    },

    issueEtkCertificate,

    async issueEtk(authentication, options = {}) {
      const encryption =
        options.encryption ??
        (await issueEtkCertificate(
          authentication,
          options.keyAlgorithm ? { keyAlgorithm: options.keyAlgorithm } : {},
        ));
      const certificates = options.certificates ?? [
        etkRa.certificate.der,
        authentication.der,
        ...(options.includeChain ? authentication.chain : []),
      ];
      const bytes = buildEtk({
        encryptionDer: encryption.der,
        certificates,
        signer: { der: etkRa.certificate.der, privateKey: etkRa.key.privateKey },
        encoding: options.encoding ?? 'ber',
      });
      return { bytes, encryption, authentication };
    },

    async issueCitizenCertificates(options) {
      const name = `${options.givenName} ${options.surname}`;
      const notBefore = options.notBefore ?? new Date(now - DAY);
      const notAfter = options.notAfter ?? addMonths(notBefore, 120);
      const subject = (role: 'Authentication' | 'Signature'): DistinguishedName => {
        const eidSubject: DistinguishedName = [
          { type: 'SERIALNUMBER', value: options.ssin },
          { type: 'GIVENNAME', value: options.givenName },
          { type: 'SURNAME', value: options.surname },
          { type: 'CN', value: `${name} (${role})` },
          { type: 'C', value: 'BE' },
        ];
        return options.rewriteSubject ? options.rewriteSubject(eidSubject, role) : eidSubject;
      };
      const common = {
        issuer: citizen,
        keyAlgorithm: options.keyAlgorithm,
        notBefore,
        notAfter,
        isCa: false,
      };
      const authenticationRecord = await mint({
        ...common,
        subject: subject('Authentication'),
        keyUsages: ['digitalSignature'],
        extendedKeyUsages: [CLIENT_AUTH, EMAIL_PROTECTION],
      });
      const signatureRecord = await mint({
        ...common,
        subject: subject('Signature'),
        keyUsages: ['nonRepudiation'],
      });
      return { authentication: authenticationRecord.certificate, signature: signatureRecord.certificate };
    },
  };
}

function importKey(certificate: TestCertificate): TestKeyPair {
  return {
    keyAlgorithm: certificate.keyAlgorithm as TestKeyAlgorithm,
    privateKey: createPrivateKey({
      key: Buffer.from(certificate.privateKeyPkcs8),
      format: 'der',
      type: 'pkcs8',
    }),
    privateKeyPkcs8: certificate.privateKeyPkcs8,
    publicKeySpki: certificate.publicKeySpki,
  };
}
