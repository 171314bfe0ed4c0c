import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { OrganisationEntity } from './organisation.entity.js';

/**
 * A label an organisation sorts its certificates by ("MyCareNet", "site Namur"). Each organisation has its own:
 * the same word in two organisations is two labels. `key` (libs/domain labelKey) makes spellings that differ only
 * in case one label.
 */
@Entity('label')
@Index(['organisationId', 'key'], { unique: true })
// The list's label filter names labels by key across the caller's organisations, each key's first spelling by
// organisation (migration 1796369000000).
@Index('label_key_organisation', ['key', 'organisationId'])
export class LabelEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;
  @Column('uuid') organisationId!: string;
  /** As first written (libs/domain parseLabel). */
  @Column('text') name!: string;
  @Column('text') key!: string;
  @Column('timestamptz', { default: () => 'now()' }) createdAt!: Date;
}
