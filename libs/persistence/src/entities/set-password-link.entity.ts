import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { UserEntity } from './user.entity.js';

/**
 * A one-time link an administrator sends so that a log-in's owner chooses their own password: single use, expiring,
 * and only the HMAC of its token is kept (like a bearer token's). A newer link for the same log-in replaces it.
 */
@Entity('set_password_link')
export class SetPasswordLinkEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;
  @Index() @Column('uuid') userId!: string;
  @Index({ unique: true }) @Column('text') tokenHash!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz') expiresAt!: Date;
  /** When the password was chosen with it; a used link never works again. */
  @Column('timestamptz', { nullable: true }) usedAt!: Date | null;
  /** When a newer link (or a password reset) made it void. */
  @Column('timestamptz', { nullable: true }) revokedAt!: Date | null;
  /** When the notifier's SMTP server accepted the mail that carries it. */
  @Column('timestamptz', { nullable: true }) mailedAt!: Date | null;
}
