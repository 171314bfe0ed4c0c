import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { CertificateEntity } from './certificate.entity.js';
import { DeploymentEntity } from './deployment.entity.js';
import { OrganisationEntity } from './organisation.entity.js';
import { RenewalCaseEntity } from './renewal-case.entity.js';
import { UserEntity } from './user.entity.js';

/**
 * After phase 3 of a renewal, one per deployment of the old certificate: its contact confirms, through a personal
 * link that needs no account, that the new keystore is installed. Only the HMAC of the link's token is kept. The old
 * certificate is "still in use" by every request neither confirmed nor overridden by an administrator.
 */
@Entity('cut_over_request')
@Index('cut_over_request_one_per_deployment', ['renewalCaseId', 'deploymentId'], { unique: true })
export class CutOverRequestEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;
  @Column('uuid') organisationId!: string;
  /** The old certificate, which the deployment stops using. */
  @ManyToOne(() => CertificateEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'certificate_id' })
  certificate?: Relation<CertificateEntity>;
  @Index() @Column('uuid') certificateId!: string;
  @ManyToOne(() => RenewalCaseEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'renewal_case_id' })
  renewalCase?: Relation<RenewalCaseEntity>;
  @Column('uuid') renewalCaseId!: string;
  /** A deployment removed since asked no more: its request goes with it. */
  @ManyToOne(() => DeploymentEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'deployment_id' })
  deployment?: Relation<DeploymentEntity>;
  @Column('uuid') deploymentId!: string;
  /** Whom the link was mailed to: the deployment's contact when phase 3 was recorded (null: nobody to ask). */
  @Column('text', { nullable: true }) contactEmail!: string | null;
  @Index({ unique: true }) @Column('text') tokenHash!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz') expiresAt!: Date;
  /** When the notifier's SMTP server accepted the mail that carries the link. */
  @Column('timestamptz', { nullable: true }) mailedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) confirmedAt!: Date | null;
  /** Who confirmed: the address the link was mailed to (the link is the proof; there is no log-in). */
  @Column('text', { nullable: true }) confirmedBy!: string | null;
  /** An administrator closed the request without a confirmation, with a reason (audited). */
  @Column('timestamptz', { nullable: true }) overriddenAt!: Date | null;
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'overridden_by_id' })
  overriddenBy?: Relation<UserEntity>;
  @Column('uuid', { nullable: true }) overriddenById!: string | null;
  @Column('text', { nullable: true }) overrideReason!: string | null;
}
