import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  JoinColumn,
  ManyToOne,
  type Relation,
} from 'typeorm';
import { OrganisationEntity } from './organisation.entity.js';

/** A PKCS#12 keystore file and where it lives. Never its content, never its password. */
@Entity('keystore')
@Index(['organisationId', 'host', 'path', 'fileName'], { unique: true })
export class KeystoreEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;
  @Column('uuid') organisationId!: string;
  @Column('text') fileName!: string;
  /** The PC it lives on, when known ('' = unknown, so the unique index treats it as a value). */
  @Column('text', { default: '' }) host!: string;
  /** Its folder or full path on that PC ('' = unknown). */
  @Column('text', { default: '' }) path!: string;
  /** 'legacy' (3DES/RC2, Java tools), 'modern' (AES/PBKDF2), 'mixed'. */
  @Column('text', { nullable: true }) encryption!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
