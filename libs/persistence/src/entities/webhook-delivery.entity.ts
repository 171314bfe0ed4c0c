import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity.js';

/**
 * One event to one subscription. Its id is the `webhook-id` header, the same on every attempt, so a receiver can
 * de-duplicate; (subscription, source) is unique, so an outbox message handled twice is delivered once.
 */
@Entity('webhook_delivery')
@Index(['subscriptionId', 'source'], { unique: true })
@Index(['subscriptionId', 'createdAt'])
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => WebhookSubscriptionEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'subscription_id' })
  subscription?: Relation<WebhookSubscriptionEntity>;
  @Column('uuid') subscriptionId!: string;
  /** The organisation the event is about (an installation-wide subscription gets every one's). */
  @Column('uuid', { nullable: true }) organisationId!: string | null;
  @Column('text') eventType!: string;
  /** What caused it: `outbox/<installation>/<message id>`. */
  @Column('text') source!: string;
  /** The libs/contracts WebhookPayload, as built when the event was fanned out. */
  @Column('jsonb') payload!: Record<string, unknown>;
  /** pending, delivered, failed (every attempt used), skipped (the subscription was disabled). */
  @Column('text', { default: 'pending' }) state!: string;
  @Column('int', { default: 0 }) attempts!: number;
  @Column('int', { nullable: true }) lastStatusCode!: number | null;
  @Column('text', { nullable: true }) lastError!: string | null;
  @Column('timestamptz', { nullable: true }) lastAttemptAt!: Date | null;
  @Column('timestamptz', { nullable: true }) nextAttemptAt!: Date | null;
  @Column('timestamptz', { nullable: true }) deliveredAt!: Date | null;
  @Column('timestamptz', { default: () => 'now()' }) createdAt!: Date;
}
