import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { CertificateEntity } from './certificate.entity.js';
import { OrganisationEntity } from './organisation.entity.js';
import { UserEntity } from './user.entity.js';

/**
 * A mute with a reason (issue 13; libs/domain mutes.ts): a certificate's reminders (warning_code null), or one
 * warning, of a certificate or of the organisation itself (certificate_id null), silenced until `until`. Whether it
 * is still in force is computed (end date, renewal, revocation: libs/persistence mute-sql.ts), never stored; an unmute
 * is. At most one mute not unmuted per target: muting again replaces it.
 */
@Entity('mute')
// UNIQUE (organisation, certificate, warning code) among the mutes not unmuted, NULLs equal: in the migration.
@Index('mute_one_per_target', { synchronize: false })
@Index('mute_certificate', ['certificateId'], { where: 'unmuted_at IS NULL' })
// A warning's mutes by organisation and code, unmuted ones too (migration 1796366000000-mute-warning-target).
@Index('mute_warning_target', { synchronize: false })
export class MuteEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;
  @Column('uuid') organisationId!: string;
  @ManyToOne(() => CertificateEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'certificate_id' })
  certificate?: Relation<CertificateEntity>;
  @Column('uuid', { nullable: true }) certificateId!: string | null;
  /** The muted warning's code; null for the certificate's reminders. */
  @Column('text', { nullable: true }) warningCode!: string | null;
  /** libs/domain MuteReason. */
  @Column('text') reason!: string;
  @Column('text', { nullable: true }) note!: string | null;
  @ManyToOne(() => CertificateEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'replaced_by_certificate_id' })
  replacedByCertificate?: Relation<CertificateEntity>;
  @Column('uuid', { nullable: true }) replacedByCertificateId!: string | null;
  /** The last day it holds (Brussels); `until` is the instant after it. */
  @Column('date') endDate!: string;
  @Column('timestamptz') until!: Date;
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'muted_by_id' })
  mutedBy?: Relation<UserEntity>;
  @Column('uuid', { nullable: true }) mutedById!: string | null;
  @Column('timestamptz') mutedAt!: Date;
  @Column('timestamptz', { nullable: true }) unmutedAt!: Date | null;
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'unmuted_by_id' })
  unmutedBy?: Relation<UserEntity>;
  @Column('uuid', { nullable: true }) unmutedById!: string | null;
}
