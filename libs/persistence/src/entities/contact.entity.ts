import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  JoinColumn,
  ManyToOne,
  type Relation,
} from 'typeorm';
import { OrganisationEntity } from './organisation.entity.js';

/** An address reminders go to. Generic addresses (info@...) outlive the people who leave. */
@Entity('contact')
@Index(['organisationId', 'email'], { unique: true })
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;
  @Column('uuid') organisationId!: string;
  /** Lower-cased. */
  @Column('text') email!: string;
  @Column('text') language!: string;
  @Column('boolean') generic!: boolean;
  /** Set when mail to this address failed permanently (5xx); shown to administrators. */
  @Column('timestamptz', { nullable: true }) deliveryFailedAt!: Date | null;
  @Column('text', { nullable: true }) deliveryFailure!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
