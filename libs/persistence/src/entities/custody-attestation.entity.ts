import { Column, Entity, Index, PrimaryGeneratedColumn, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import type { CustodyFailure, CustodyOutcome } from '@certdesk/domain';
import { CertificateEntity } from './certificate.entity.js';
import { PersonEntity } from './person.entity.js';
import { UserEntity } from './user.entity.js';

/**
 * A password custodian's check that the certificate's keystore still opens, made by the card-bridge on their PC.
 * Only what the bridge reports: the outcome, when, and fingerprints. Never the password, never a key.
 */
@Entity('custody_attestation')
@Index(['certificateId', 'personId', 'checkedAt'])
export class CustodyAttestationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => CertificateEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'certificate_id' })
  certificate?: Relation<CertificateEntity>;
  @Column('uuid') certificateId!: string;
  /** Who checked: the signed-in user's person, the certificate's password custodian at the time. */
  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'person_id' })
  person?: Relation<PersonEntity>;
  @Column('uuid') personId!: string;
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'submitted_by_id' })
  submittedBy?: Relation<UserEntity>;
  @Column('uuid', { nullable: true }) submittedById!: string | null;
  @Column('text') outcome!: CustodyOutcome;
  @Column('text', { nullable: true }) failure!: CustodyFailure | null;
  /** When the bridge tried to open the keystore. */
  @Column('timestamptz') checkedAt!: Date;
  @Column('timestamptz') recordedAt!: Date;
  /** SHA-256 (lower-case hex) of each certificate in the keystore, as the bridge read them. */
  @Column('text', { array: true, default: () => "'{}'" }) keystoreCertificateFingerprints!: string[];
  /** SHA-256 (lower-case hex) of the ETK entry's public key. */
  @Column('text', { nullable: true }) etkPublicKeyFingerprint!: string | null;
}
