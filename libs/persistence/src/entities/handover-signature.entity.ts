import { Column, Entity, Index, PrimaryGeneratedColumn, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { HandoverEntity } from './handover.entity.js';
import { PersonEntity } from './person.entity.js';
import { UserEntity } from './user.entity.js';

export const HANDOVER_SIGNATURE_ROLES = ['outgoing', 'incoming'] as const;
export type HandoverSignatureRole = (typeof HANDOVER_SIGNATURE_ROLES)[number];

/** A verified eID signature over a handover document's digest, with the certificate that made it. */
@Entity('handover_signature')
@Index(['handoverId', 'role'], { unique: true })
export class HandoverSignatureEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => HandoverEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'handover_id' })
  handover?: Relation<HandoverEntity>;
  @Column('uuid') handoverId!: string;
  @Column('text') role!: HandoverSignatureRole;
  @ManyToOne(() => PersonEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'signer_person_id' })
  signerPerson?: Relation<PersonEntity>;
  @Column('uuid') signerPersonId!: string;
  /** 'SHA-256' | 'SHA-384' */
  @Column('text') digestAlgorithm!: string;
  /** 'RSASSA-PKCS1-v1_5' | 'ECDSA' (raw r||s) */
  @Column('text') signatureAlgorithm!: string;
  @Column('bytea') signature!: Buffer;
  /** SHA-256 of the signature, hex: a signature is accepted once, on one handover (replays are refused). */
  @Index({ unique: true }) @Column('text') signatureSha256!: string;
  /** The eID Signature certificate, DER. */
  @Column('bytea') certificateDer!: Buffer;
  @Column('text') certificateSha256!: string;
  @Column('timestamptz') signedAt!: Date;
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'submitted_by_id' })
  submittedBy?: Relation<UserEntity>;
  @Column('uuid', { nullable: true }) submittedById!: string | null;
}
