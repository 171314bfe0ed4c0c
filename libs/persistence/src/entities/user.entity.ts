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
import { PersonEntity } from './person.entity.js';

/** A person who logs in. */
@Entity('app_user')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => PersonEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'person_id' })
  person?: Relation<PersonEntity>;
  @Index({ unique: true }) @Column('uuid') personId!: string;
  /**
   * Lower-cased. Not unique across the installation: an organisation administrator who creates a log-in for an address
   * another organisation already uses gets a log-in of their own, so creating one never tells whether the address has an
   * account elsewhere (docs/decisions.md).
   */
  @Index() @Column('text') email!: string;
  /** argon2id; null for a user who only logs in with the eID. */
  @Column('text', { nullable: true }) passwordHash!: string | null;
  @Column('boolean', { default: false }) disabled!: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { nullable: true }) lastLoginAt!: Date | null;
}
