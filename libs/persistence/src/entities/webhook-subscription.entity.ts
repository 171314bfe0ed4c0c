import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { OrganisationEntity } from './organisation.entity.js';

/**
 * A webhook: where events of an organisation (or, with no organisation, of the whole installation) are posted.
 * The signing secret is kept encrypted (src/webhook-secret-box.ts), with a key that is not in the database.
 */
@Entity('webhook_subscription')
export class WebhookSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;
  /** null: installation-wide (a central administrator's), every organisation's events. */
  @Index() @Column('uuid', { nullable: true }) organisationId!: string | null;
  @Column('text') name!: string;
  @Column('text') url!: string;
  /** libs/contracts WEBHOOK_FORMATS. */
  @Column('text') format!: string;
  /** libs/contracts WEBHOOK_EVENTS. */
  @Column('text', { array: true }) events!: string[];
  /** A Teams card's language; null: the organisation's first mail language. */
  @Column('text', { nullable: true }) language!: string | null;
  @Column('text') secretCiphertext!: string;
  /**
   * The secret a rotation replaced, sealed the same way (bound to this subscription), kept while receivers are
   * updated: deliveries are signed with it too until `previousSecretUntil`. null: none kept.
   */
  @Column('text', { nullable: true }) previousSecretCiphertext!: string | null;
  @Column('timestamptz', { nullable: true }) previousSecretUntil!: Date | null;
  @Column('boolean', { default: true }) enabled!: boolean;
  @Column('text', { nullable: true }) disabledReason!: string | null;
  @Column('timestamptz', { nullable: true }) disabledAt!: Date | null;
  /** Deliveries in a row that failed for good; WEBHOOK_DISABLE_AFTER of them disable the subscription. */
  @Column('int', { default: 0 }) consecutiveFailures!: number;
  @Column('uuid', { nullable: true }) createdById!: string | null;
  @Column('timestamptz', { default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { default: () => 'now()' }) updatedAt!: Date;
}
