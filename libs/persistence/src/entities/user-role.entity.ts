import { Column, Entity, Index, PrimaryGeneratedColumn, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { OrganisationEntity } from './organisation.entity.js';
import { UserEntity } from './user.entity.js';

export const USER_ROLES = ['central-admin', 'org-admin', 'certificate-manager', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** What a user may do, and where: central-admin everywhere (organisationId null), the others per organisation. */
@Entity('user_role')
@Index(['userId', 'role', 'organisationId'], { unique: true, where: 'organisation_id IS NOT NULL' })
@Index(['userId', 'role'], { unique: true, where: 'organisation_id IS NULL' })
export class UserRoleEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;
  @Index() @Column('uuid') userId!: string;
  @Column('text') role!: UserRole;
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;
  @Index() @Column('uuid', { nullable: true }) organisationId!: string | null;
}
