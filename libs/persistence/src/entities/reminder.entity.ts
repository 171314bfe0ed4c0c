import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { CertificateEntity } from './certificate.entity.js';
import { MuteEntity } from './mute.entity.js';
import { OrganisationEntity } from './organisation.entity.js';
import { ReminderRunEntity } from './reminder-run.entity.js';

/**
 * That a certificate was reminded about one milestone: '90'..'0' (days left, libs/domain reminderMilestoneAt),
 * 'expired', 'stalled:<renewalCaseId>:<state>' (a renewal stuck in one phase) or 'renewed:<renewalCaseId>' (tell
 * the deployments to install the new keystore). UNIQUE(certificate, milestone) is what keeps "once" true across
 * restarts, retries and concurrent scans: a scan inserts with ON CONFLICT DO NOTHING and mails only what it inserted.
 */
@Entity('reminder')
@Index('reminder_certificate_milestone', ['certificateId', 'milestone'], { unique: true })
@Index('reminder_organisation_created', ['organisationId', 'createdAt'])
export class ReminderEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => CertificateEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'certificate_id' })
  certificate?: Relation<CertificateEntity>;
  @Column('uuid') certificateId!: string;
  /** The certificate's organisation, kept here so lists are scoped without a join. */
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;
  @Column('uuid') organisationId!: string;
  @Column('text') milestone!: string;
  /** The scan that created it; null for a reminder the outbox caused (renewed). */
  @ManyToOne(() => ReminderRunEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'run_id' })
  run?: Relation<ReminderRunEntity>;
  @Index() @Column('uuid', { nullable: true }) runId!: string | null;
  /** libs/domain daysLeft when the reminder was created (negative once expired). */
  @Column('int', { nullable: true }) daysLeft!: number | null;
  /**
   * The mute in force when the reminder was due (issue 13): nothing was mailed, or, at 7 days or fewer, only a digest
   * line saying it is muted. Kept so the digest and the reminders page say so afterwards.
   */
  @ManyToOne(() => MuteEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'mute_id' })
  mute?: Relation<MuteEntity>;
  @Column('uuid', { nullable: true }) muteId!: string | null;
  @Column('timestamptz', { default: () => 'now()' }) createdAt!: Date;
}
