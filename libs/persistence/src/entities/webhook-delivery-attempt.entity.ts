import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { WebhookDeliveryEntity } from './webhook-delivery.entity.js';

/** One request of a delivery: when, how long, what the receiver answered (a short excerpt only). */
@Entity('webhook_delivery_attempt')
@Index(['deliveryId', 'attempt'])
export class WebhookDeliveryAttemptEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id!: string;
  @ManyToOne(() => WebhookDeliveryEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'delivery_id' })
  delivery?: Relation<WebhookDeliveryEntity>;
  @Column('uuid') deliveryId!: string;
  @Column('int') attempt!: number;
  @Column('timestamptz') startedAt!: Date;
  @Column('int') durationMs!: number;
  @Column('int', { nullable: true }) statusCode!: number | null;
  /** Why it failed without an answer (timeout, refused address, connection error). */
  @Column('text', { nullable: true }) error!: string | null;
  @Column('text', { nullable: true }) responseExcerpt!: string | null;
}
