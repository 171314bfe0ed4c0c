import { Column, Entity, Index, PrimaryGeneratedColumn, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { UserEntity } from './user.entity.js';
import { CertificateEntity } from './certificate.entity.js';
import { OrganisationEntity } from './organisation.entity.js';

/** A renewal in its 3 phases (libs/domain's RenewalState); at most one open per certificate. */
@Entity('renewal_case')
@Index('renewal_case_one_open', ['certificateId'], {
  unique: true,
  where: "state NOT IN ('deployments-updated', 'abandoned')",
})
// The overview's open renewals by state, from the index alone (migration 1796359000000).
@Index('renewal_case_open_state', ['state'], { where: "state NOT IN ('deployments-updated', 'abandoned')" })
// A certificate's cases of every state, newest last (migration 1796362000000).
@Index('renewal_case_certificate', ['certificateId', 'openedAt'])
// The list's pages, most recent first, of every organisation or of one (migration 1796368000000).
@Index('renewal_case_newest', ['stateChangedAt', 'id'])
@Index('renewal_case_organisation_newest', ['organisationId', 'stateChangedAt', 'id'])
export class RenewalCaseEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;
  @Column('uuid') organisationId!: string;
  @ManyToOne(() => CertificateEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'certificate_id' })
  certificate?: Relation<CertificateEntity>;
  @Column('uuid') certificateId!: string;
  @Column('text') state!: string;
  @ManyToOne(() => CertificateEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'renewed_certificate_id' })
  renewedCertificate?: Relation<CertificateEntity>;
  @Column('uuid', { nullable: true }) renewedCertificateId!: string | null;
  @Column('text', { array: true, default: () => "'{}'" }) usages!: string[];
  @Column('timestamptz') openedAt!: Date;
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'opened_by_id' })
  openedBy?: Relation<UserEntity>;
  @Column('uuid', { nullable: true }) openedById!: string | null;
  @Column('timestamptz') stateChangedAt!: Date;
  @Column('text', { nullable: true }) abandonReason!: string | null;
}
