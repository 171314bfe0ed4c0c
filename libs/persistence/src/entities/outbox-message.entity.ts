import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What other services must hear about, written in the same transaction as the change (renewed, revoked, contacts
 * changed); a relay publishes it to BullMQ. Topics and payloads are defined in libs/contracts.
 */
@Entity('outbox_message')
@Index('outbox_message_unpublished', ['id'], { where: 'published_at IS NULL' })
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id!: string;
  @Column('text') topic!: string;
  @Column('jsonb') payload!: Record<string, unknown>;
  @Column('timestamptz', { default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { nullable: true }) publishedAt!: Date | null;
  @Column('int', { default: 0 }) attempts!: number;
  @Column('text', { nullable: true }) lastError!: string | null;
}
