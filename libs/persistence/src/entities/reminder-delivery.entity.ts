import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ReminderEntity } from './reminder.entity.js';

/**
 * How a reminder reaches one address:
 * - digest: an organisation's generic contact, in that address's digest of the run;
 * - copy: the certificate's manager, in copy (organisation.managerInCopy), in their digest;
 * - escalation: an org-admin or central administrator, because the organisation has no working generic address;
 * - urgent: its own mail, for a certificate at 7 days or fewer (besides the digest line);
 * - stalled: its own mail about a renewal stuck in one phase;
 * - deployment: its own mail to a deployment's contact: install the renewed keystore;
 * - readiness-escalation: its own mail to the organisation's administrators: the renewal is not ready (issue 14).
 */
export const REMINDER_DELIVERY_KINDS = [
  'digest',
  'copy',
  'escalation',
  'urgent',
  'stalled',
  'deployment',
  'readiness-escalation',
] as const;
export type ReminderDeliveryKind = (typeof REMINDER_DELIVERY_KINDS)[number];

/**
 * queued: not yet accepted by the SMTP server (a send job picks it up; a restart or the next scan re-enqueues it);
 * sent: accepted (recorded only after the server said so); failed: refused for good (5xx), see error;
 * cancelled: no longer true when its turn came (the certificate was revoked or renewed, the deployment removed).
 */
export const REMINDER_DELIVERY_STATES = ['queued', 'sent', 'failed', 'cancelled'] as const;
export type ReminderDeliveryState = (typeof REMINDER_DELIVERY_STATES)[number];

@Entity('reminder_delivery')
@Index('reminder_delivery_once', ['reminderId', 'recipient', 'kind'], { unique: true })
// The send job's lookup ("everything still queued for this address") and the re-enqueueing of queued mail.
@Index('reminder_delivery_queued', ['recipient'], { where: "state = 'queued'" })
export class ReminderDeliveryEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => ReminderEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'reminder_id' })
  reminder?: Relation<ReminderEntity>;
  @Column('uuid') reminderId!: string;
  /** Lower-cased address. */
  @Column('text') recipient!: string;
  @Column('text') kind!: ReminderDeliveryKind;
  @Column('text', { default: 'queued' }) state!: ReminderDeliveryState;
  /** Send attempts that reached the SMTP server or failed trying. */
  @Column('int', { default: 0 }) attempts!: number;
  @Column('timestamptz', { default: () => 'now()' }) queuedAt!: Date;
  @Column('timestamptz', { nullable: true }) lastAttemptAt!: Date | null;
  @Column('timestamptz', { nullable: true }) sentAt!: Date | null;
  /** The Message-ID of the mail that carried it. */
  @Column('text', { nullable: true }) messageId!: string | null;
  /** Why the last attempt failed (the SMTP reply), or why it was cancelled. */
  @Column('text', { nullable: true }) error!: string | null;
}
