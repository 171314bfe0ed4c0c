import { Column, Entity, Index, PrimaryGeneratedColumn, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { UserEntity } from './user.entity.js';
import { CertificateEntity } from './certificate.entity.js';
import { OrganisationEntity } from './organisation.entity.js';

/** A request for a new certificate: requested -> completed (or abandoned). */
@Entity('new_request')
// The list's pages, most recent first, of every organisation or of one (migration 1796368000000).
@Index('new_request_newest', ['requestedAt', 'id'])
@Index('new_request_organisation_newest', ['organisationId', 'requestedAt', 'id'])
export class NewRequestEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;
  @Column('uuid') organisationId!: string;
  @Column('text') identifierType!: string;
  @Column('text') identifierValue!: string;
  @Column('text', { nullable: true }) applicationId!: string | null;
  @ManyToOne(() => CertificateEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'replaces_certificate_id' })
  replacesCertificate?: Relation<CertificateEntity>;
  @Column('uuid', { nullable: true }) replacesCertificateId!: string | null;
  @Column('text') state!: string;
  @Column('timestamptz') requestedAt!: Date;
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'requested_by_id' })
  requestedBy?: Relation<UserEntity>;
  @Column('uuid', { nullable: true }) requestedById!: string | null;
  @Column('timestamptz', { nullable: true }) completedAt!: Date | null;
  @ManyToOne(() => CertificateEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'completed_certificate_id' })
  completedCertificate?: Relation<CertificateEntity>;
  @Column('uuid', { nullable: true }) completedCertificateId!: string | null;
  @Column('text', { default: '' }) note!: string;
}
