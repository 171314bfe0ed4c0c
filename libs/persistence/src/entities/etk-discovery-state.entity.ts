import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { OrganisationEntity } from './organisation.entity.js';

/**
 * How an organisation's discoveries in the ETK directory went: the last attempt, the last success, and the last
 * failure while it stands (cleared by the next success), so a failure is shown rather than silent.
 */
@Entity('etk_discovery_state')
export class EtkDiscoveryStateEntity {
  @PrimaryColumn('uuid') organisationId!: string;
  @OneToOne(() => OrganisationEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;
  @Column('timestamptz') lastAttemptAt!: Date;
  @Column('timestamptz', { nullable: true }) lastSuccessAt!: Date | null;
  /** 'manual' (someone asked) or 'schedule' (the notifier's ETK_DISCOVERY_CRON). */
  @Column('text') lastTrigger!: string;
  /** DEPOT_UNREACHABLE, DEPOT_ERROR, DEPOT_DISABLED; null after a success. */
  @Column('text', { nullable: true }) failureCode!: string | null;
  @Column('text', { nullable: true }) failureMessage!: string | null;
  @Column('timestamptz', { nullable: true }) failedAt!: Date | null;
  /** Failures in a row since the last success. */
  @Column('int', { default: 0 }) consecutiveFailures!: number;
}
