import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from './user.entity.js';

export const REMINDER_RUN_TRIGGERS = ['schedule', 'manual'] as const;
export type ReminderRunTrigger = (typeof REMINDER_RUN_TRIGGERS)[number];

/** What one scan found and queued. */
export interface ReminderRunCounts {
  /** Certificates in a reminder window (set-based pre-selection). */
  candidates: number;
  /** New reminder rows (certificate, milestone) this run created. */
  reminders: number;
  /** New deliveries (recipient, kind) this run queued. */
  deliveries: number;
  /** Send jobs enqueued (one per recipient with queued mail, including older mail still queued). */
  sendJobs: number;
}

/** One reminder scan: the daily schedule's or one a central administrator asked for. */
@Entity('reminder_run')
@Index('reminder_run_requested_at', ['requestedAt'])
export class ReminderRunEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') trigger!: ReminderRunTrigger;
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'requested_by_id' })
  requestedBy?: Relation<UserEntity>;
  @Column('uuid', { nullable: true }) requestedById!: string | null;
  @Column('timestamptz', { default: () => 'now()' }) requestedAt!: Date;
  /** The instant the scan judged days left at (the notifier's clock). */
  @Column('timestamptz', { nullable: true }) startedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) finishedAt!: Date | null;
  @Column('jsonb', { nullable: true }) counts!: ReminderRunCounts | null;
  @Column('text', { nullable: true }) error!: string | null;
}
