import { Column, Entity, Index, PrimaryGeneratedColumn, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { OrganisationEntity } from './organisation.entity.js';
import { PersonEntity } from './person.entity.js';

export const ORGANISATION_ROLES = ['certificate-manager', 'access-manager'] as const;
export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];

/** A person's place in an organisation: still employed or not, and their eHealth roles there. */
@Entity('membership')
@Index(['personId', 'organisationId'], { unique: true })
export class MembershipEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'person_id' })
  person?: Relation<PersonEntity>;
  @Column('uuid') personId!: string;
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;
  @Index() @Column('uuid') organisationId!: string;
  @Column('boolean', { default: true }) employed!: boolean;
  /** The day they left (Brussels calendar date, YYYY-MM-DD) when `employed` is false and the date is known. */
  @Column('date', { nullable: true }) leftOn!: string | null;
  @Column('text', { array: true, default: () => "'{}'" }) roles!: OrganisationRole[];
}
