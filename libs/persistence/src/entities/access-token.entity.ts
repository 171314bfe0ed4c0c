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
import { UserEntity } from './user.entity.js';

export type AccessTokenKind = 'session' | 'personal';

/** A bearer token: a log-in session or a personal API token for scripts. Only its HMAC is stored. */
@Entity('access_token')
export class AccessTokenEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;
  @Index() @Column('uuid') userId!: string;
  @Column('text') kind!: AccessTokenKind;
  /** A personal token's name ("nightly export"). */
  @Column('text', { nullable: true }) name!: string | null;
  @Index({ unique: true }) @Column('text') tokenHash!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { nullable: true }) expiresAt!: Date | null;
  @Column('timestamptz', { nullable: true }) lastUsedAt!: Date | null;
  /** Where it was last used: the client's address (as TRUST_PROXY lets the api see it) and its User-Agent. */
  @Column('text', { nullable: true }) lastUsedIp!: string | null;
  @Column('text', { nullable: true }) lastUsedAgent!: string | null;
  @Column('timestamptz', { nullable: true }) revokedAt!: Date | null;
}
