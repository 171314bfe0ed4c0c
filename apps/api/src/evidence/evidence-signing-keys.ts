import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { openSealedText, sealingKey, sealText } from '@certdesk/persistence';
import { publicKeyFingerprint } from '@certdesk/pki';
import { AuditTrail } from '../audit/audit-trail.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Transactions } from '../core/transactions.js';
import { EvidenceSigningKeyRepository } from './evidence-signing-key.repository.js';

const SEALING_LABEL = 'certdesk/evidence-signing-key/v1';

export interface EvidenceSigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  fingerprint: string;
  /** 'configured': EVIDENCE_SIGNING_KEY; 'generated': made for this installation and stored sealed. */
  source: 'configured' | 'generated';
  createdAt: Date | null;
}

/**
 * The installation's evidence signing key (docs/evidence.md). Given in EVIDENCE_SIGNING_KEY, or made by the first api
 * to start on the database: replicas starting together take an advisory lock and insert ON CONFLICT DO NOTHING, so
 * exactly one key is made (and audited), and every replica then reads that one.
 */
@Injectable()
export class EvidenceSigningKeys implements OnApplicationBootstrap {
  private readonly logger = new Logger(EvidenceSigningKeys.name);
  private readonly sealing: Buffer;
  private current: Promise<EvidenceSigningKey> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly repository: EvidenceSigningKeyRepository,
    private readonly audit: AuditTrail,
  ) {
    this.sealing = sealingKey(config.evidence.sealingKeyBase, SEALING_LABEL);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.key();
  }

  /** The key, read (or made) once per process. */
  key(): Promise<EvidenceSigningKey> {
    this.current ??= this.load().catch((error: unknown) => {
      this.current = null;
      throw error;
    });
    return this.current;
  }

  private async load(): Promise<EvidenceSigningKey> {
    const configured = this.config.evidence.signingKeyPem;
    if (configured) {
      const privateKey = createPrivateKey(configured);
      return {
        privateKey,
        ...publicParts(privateKey),
        source: 'configured',
        createdAt: null,
      };
    }
    const row =
      (await this.repository.find(this.transactions.manager)) ??
      (await this.transactions.exclusively('evidence-signing-key', () => this.create()));
    let pem: string;
    try {
      pem = openSealedText(this.sealing, row.fingerprint, row.privateKeyCiphertext, 'evidence signing key');
    } catch {
      throw new Error(
        'the evidence signing key does not open: EVIDENCE_KEY (or TOKEN_SECRET) is not the one it was sealed with',
      );
    }
    const privateKey = createPrivateKey(pem);
    if (publicKeyFingerprint(createPublicKey(privateKey)) !== row.fingerprint)
      throw new Error('the stored evidence signing key does not match its fingerprint');
    return { privateKey, ...publicParts(privateKey), source: 'generated', createdAt: row.createdAt };
  }

  private async create() {
    const made = await this.transactions.run(async (manager) => {
      const { privateKey } = generateKeyPairSync('ed25519');
      const { publicKeyPem, fingerprint } = publicParts(privateKey);
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const inserted = await this.repository.insertIfAbsent(manager, {
        fingerprint,
        publicKey: publicKeyPem,
        privateKeyCiphertext: sealText(this.sealing, fingerprint, pem),
      });
      if (inserted)
        await this.audit.append(
          manager,
          { system: 'start-up' },
          {
            action: 'installation.evidence-key-created',
            organisationId: null,
            after: { algorithm: 'Ed25519', fingerprint, publicKey: publicKeyPem },
          },
        );
      return inserted ? fingerprint : null;
    });
    if (made) this.logger.log(`evidence signing key made, fingerprint ${made}`);
    const row = await this.repository.find(this.transactions.manager);
    if (!row) throw new Error('the evidence signing key was not stored');
    return row;
  }
}

function publicParts(privateKey: KeyObject): { publicKeyPem: string; fingerprint: string } {
  const publicKey = createPublicKey(privateKey);
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: publicKeyFingerprint(publicKey),
  };
}
