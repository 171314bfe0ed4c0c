import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { CutOverRequestEntity } from './cut-over-request.entity.js';

/**
 * A reminder of an unconfirmed cut-over request (CUT_OVER_REMINDER_DAYS after its link was mailed): it carries a
 * fresh link of its own, of which only the HMAC is kept; the request's earlier links stay valid until it expires.
 * One per request and ordinal: the unique index is what keeps two replicas from reminding twice.
 */
@Entity('cut_over_reminder')
@Index('cut_over_reminder_once_per_ordinal', ['cutOverRequestId', 'ordinal'], { unique: true })
export class CutOverReminderEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'cut_over_reminder_pkey' }) id!: string;
  @ManyToOne(() => CutOverRequestEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'cut_over_request_id', foreignKeyConstraintName: 'cut_over_reminder_request_fkey' })
  request?: Relation<CutOverRequestEntity>;
  @Column('uuid') cutOverRequestId!: string;
  /** 1 for the first reminder, 2 for the second, ... */
  @Column('int') ordinal!: number;
  @Index('cut_over_reminder_token_hash', { unique: true }) @Column('text') tokenHash!: string;
  @Column('timestamptz') createdAt!: Date;
  /** When the notifier's SMTP server accepted the reminder. */
  @Column('timestamptz', { nullable: true }) mailedAt!: Date | null;
}
