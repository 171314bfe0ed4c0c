import { readFile } from 'node:fs/promises';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { formatDistinguishedName } from '@certdesk/domain';
import { type ReadCertificate, readCertificateFile } from '@certdesk/pki';
import { APP_CONFIG, type AppConfig, ConfigError } from '../config/config.js';

export interface EidTrust {
  /** Self-signed roots: every eID chain must end at one of them. */
  anchors: Uint8Array[];
  /** The other CA certificates of the bundle (the Citizen CAs): the card's token carries only the leaf. */
  intermediates: Uint8Array[];
}

const isSelfSigned = (certificate: ReadCertificate): boolean =>
  formatDistinguishedName(certificate.subject) === formatDistinguishedName(certificate.issuer);

/**
 * The certificates eID signatures must chain to, read once at start-up from the PEM bundle EID_TRUST_ANCHORS names:
 * in production the Belgian eID roots and their Citizen CAs (README), in tests the test PKI's. A bundle that cannot
 * be read, holds a certificate that is not a CA, or no root, stops the api with a message naming the variable.
 */
@Injectable()
export class EidTrustStore implements OnModuleInit {
  private trust: EidTrust | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    if (this.config.eidTrustAnchorsPath) this.trust = await readTrustBundle(this.config.eidTrustAnchorsPath);
  }

  /** Null when EID_TRUST_ANCHORS is not set: eID log-in and eID signatures are then refused. */
  get(): EidTrust | null {
    return this.trust;
  }
}

async function readTrustBundle(path: string): Promise<EidTrust> {
  const problem = (message: string) => new ConfigError([{ variable: 'EID_TRUST_ANCHORS', message }]);
  let certificates: ReadCertificate[];
  try {
    const read = await readCertificateFile(await readFile(path));
    if (read.format === 'pkcs12') throw new Error('a keystore, not a PEM bundle');
    certificates = read.certificates;
  } catch (error) {
    throw problem(`${path} is not a readable PEM bundle (${error instanceof Error ? error.message : error})`);
  }
  const notCa = certificates.find((certificate) => !certificate.isCa);
  if (notCa) {
    throw problem(`${path} holds a certificate that is not a CA (${formatDistinguishedName(notCa.subject)})`);
  }
  const anchors = certificates.filter(isSelfSigned).map((certificate) => certificate.der);
  if (anchors.length === 0) throw problem(`${path} holds no root (self-signed) certificate`);
  return {
    anchors,
    intermediates: certificates.filter((c) => !isSelfSigned(c)).map((certificate) => certificate.der),
  };
}
