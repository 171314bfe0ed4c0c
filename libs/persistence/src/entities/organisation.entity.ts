import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('organisation')
// The list's pages by name, then id (migration 1796367000000-lists-by-name).
@Index('organisation_name_id', { synchronize: false })
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text', collation: 'und-x-icu' }) name!: string;
  /** Languages of the organisation's mails and documents, in order of preference (fr, nl, de, en). */
  @Column('text', { array: true, default: () => "'{fr,nl}'" }) languages!: string[];
  /** Days before notAfter at which reminders go out; normalised by libs/domain. */
  @Column('int', { array: true, default: () => "'{90,60,30,14,7,3,1,0}'" }) reminderMilestones!: number[];
  /** Whether a certificate's manager is copied on the reminders sent to the generic addresses. */
  @Column('boolean', { default: false }) managerInCopy!: boolean;
  /** Part of the HMAC behind the calendar feed's secret URL: bumping it revokes the old URL. */
  @Column('int', { default: 1 }) calendarTokenVersion!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
