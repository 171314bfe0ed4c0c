import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * This database's identity: one row, created by the first service that needs it (not by the migration, so a
 * database cloned from a migrated template still gets its own). The notifier claims its Redis queue prefix with
 * it and puts it in job ids built from database serials, so two databases never share, nor steal, queued jobs.
 */
@Entity('installation')
@Check('installation_singleton', '"singleton"')
export class InstallationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** Always true, and unique: the table holds one row. */
  @Column('boolean', { default: true, unique: true }) singleton!: boolean;
  @Column('timestamptz', { default: () => 'now()' }) createdAt!: Date;
}
