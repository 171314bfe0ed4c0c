import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A natural person: certificate manager, access manager, password custodian, user. */
@Entity('person')
// The list's pages by name, then id (migration 1796367000000-lists-by-name).
@Index('person_name_id', { synchronize: false })
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text', collation: 'und-x-icu' }) name!: string;
  /**
   * Normalised SSIN; personal data, masked in answers except to the person and central administrators. Unique within
   * an organisation, not across them: an SSIN never attaches a person of another organisation (docs/decisions.md).
   */
  @Index({ where: 'ssin IS NOT NULL' })
  @Column('text', { nullable: true })
  ssin!: string | null;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('text', { nullable: true }) phone!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
