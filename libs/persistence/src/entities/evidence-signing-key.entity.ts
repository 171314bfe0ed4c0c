import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The installation's key for signing evidence packs (docs/evidence.md): one Ed25519 key pair, made by the first api
 * that starts on this database. The private key is sealed (sealed-text.ts, from EVIDENCE_KEY or TOKEN_SECRET) with
 * the fingerprint as associated data; the public key is published so auditors can pin it.
 */
@Entity('evidence_signing_key')
@Check('evidence_signing_key_singleton', '"singleton"')
export class EvidenceSigningKeyEntity {
  /** Always true: the table holds one row, and a second insert conflicts. */
  @PrimaryColumn('boolean', { default: true }) singleton!: boolean;
  /** SHA-256 (hex) of the public key's SubjectPublicKeyInfo DER. */
  @Column('text') fingerprint!: string;
  /** SPKI PEM. */
  @Column('text') publicKey!: string;
  /** The PKCS#8 PEM private key, sealed. */
  @Column('text') privateKeyCiphertext!: string;
  @Column('timestamptz', { default: () => 'now()' }) createdAt!: Date;
}
