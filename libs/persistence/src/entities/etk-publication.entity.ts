import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { CertificateEntity } from './certificate.entity.js';
import { OrganisationEntity } from './organisation.entity.js';

/**
 * An ETK the eHealth ETK directory publishes (or published) for one of an organisation's identifiers, as its
 * discoveries saw it: one row per organisation, environment and encryption certificate. What the directory
 * says is kept as read; whether a keystore holds its key is derived when read (libs/domain etkKeystoreMatch).
 */
@Entity('etk_publication')
@Index(['organisationId', 'environment', 'encryptionFingerprint'], { unique: true })
export class EtkPublicationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;
  @Column('uuid') organisationId!: string;
  @Column('text') identifierType!: string;
  /** Zero-padded, as the depot was asked. */
  @Column('text') identifierValue!: string;
  @Column('text', { nullable: true }) applicationId!: string | null;
  /** 'production' or 'acceptance': the depot that publishes it. */
  @Column('text') environment!: string;

  // The encryption certificate (the ETK's content): its key sits in the keystore under `encryptionAlias`.
  @Column('text') encryptionSerialNumber!: string;
  /** The serial in decimal: the keystore alias of the ETK's key. */
  @Column('text') encryptionAlias!: string;
  @Column('text') encryptionFingerprint!: string;
  @Column('timestamptz') encryptionNotAfter!: Date;

  // The holder's authentication certificate, which the ETK carries.
  @Column('text') authenticationSerialNumber!: string;
  @Index() @Column('text') authenticationFingerprint!: string;
  @Column('timestamptz') authenticationNotAfter!: Date;

  /** The inventory's certificate with that authentication certificate. */
  @ManyToOne(() => CertificateEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'certificate_id' })
  certificate?: Relation<CertificateEntity>;
  @Index() @Column('uuid', { nullable: true }) certificateId!: string | null;

  @Column('timestamptz') firstSeenAt!: Date;
  @Column('timestamptz') lastSeenAt!: Date;
  /** When a discovery of its identifier no longer found it; null while it is published. */
  @Column('timestamptz', { nullable: true }) withdrawnAt!: Date | null;
}
