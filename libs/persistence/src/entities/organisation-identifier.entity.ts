import { Column, Entity, Index, PrimaryGeneratedColumn, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { OrganisationEntity } from './organisation.entity.js';

/** An eHealth identifier the organisation holds certificates under (CBE, NIHII-AMBU_SERVICE, EHP, ...). */
@Entity('organisation_identifier')
@Index(['type', 'value'], { unique: true })
export class OrganisationIdentifierEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;
  @Index() @Column('uuid') organisationId!: string;
  @Column('text') type!: string;
  /** Normalised by libs/domain (digits only). */
  @Column('text') value!: string;
}
