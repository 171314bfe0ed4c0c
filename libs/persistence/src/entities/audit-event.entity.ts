import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The append-only audit trail (a trigger refuses UPDATE and DELETE). Each event is chained to the previous event
 * of its chain (one chain per organisation, one 'global') by an HMAC keyed outside the database (the api's
 * src/audit/audit-hash.ts; plain SHA-256 before chains were keyed), so a change to any row shows.
 */
@Entity('audit_event')
@Index(['chain', 'id'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id!: string;
  @Column('text') chain!: string;
  @Index() @Column('uuid', { nullable: true }) organisationId!: string | null;
  @Index() @Column('uuid', { nullable: true }) certificateId!: string | null;
  @Column('uuid', { nullable: true }) actorUserId!: string | null;
  /** Who, readable without a join (a name, 'system', 'notifier'). */
  @Column('text') actorLabel!: string;
  @Column('timestamptz') occurredAt!: Date;
  @Column('text') action!: string;
  @Column('jsonb', { nullable: true }) before!: Record<string, unknown> | null;
  @Column('jsonb', { nullable: true }) after!: Record<string, unknown> | null;
  /** A signature given for this change (e.g. an eID-signed handover): algorithm, signature, signer certificate. */
  @Column('jsonb', { nullable: true }) signature!: Record<string, unknown> | null;
  @Column('text') previousHash!: string;
  @Column('text') hash!: string;
}
