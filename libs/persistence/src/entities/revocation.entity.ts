import { Column, Entity, Index, PrimaryGeneratedColumn, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { NewRequestEntity } from './new-request.entity.js';
import { UserEntity } from './user.entity.js';
import { CertificateEntity } from './certificate.entity.js';
import { OrganisationEntity } from './organisation.entity.js';

@Entity('revocation')
export class RevocationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;
  @Index() @Column('uuid') organisationId!: string;
  @ManyToOne(() => CertificateEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'certificate_id' })
  certificate?: Relation<CertificateEntity>;
  @Index({ unique: true }) @Column('uuid') certificateId!: string;
  /** libs/domain's RevocationReason. */
  @Column('text') reason!: string;
  @Column('date') revokedOn!: string;
  @Column('text', { default: '' }) note!: string;
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'recorded_by_id' })
  recordedBy?: Relation<UserEntity>;
  @Column('uuid', { nullable: true }) recordedById!: string | null;
  @Column('timestamptz') recordedAt!: Date;
  /** The new request opened for the replacement. */
  @ManyToOne(() => NewRequestEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'new_request_id' })
  newRequest?: Relation<NewRequestEntity>;
  @Column('uuid', { nullable: true }) newRequestId!: string | null;
}
