import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed password log-ins per e-mail address (lower-cased), known user or not, so that guessing a password is slowed
 * without telling which addresses have an account. Cleared by a successful log-in.
 */
@Entity('login_throttle')
export class LoginThrottleEntity {
  @PrimaryColumn('text') email!: string;
  @Column('int') failures!: number;
  @Column('timestamptz') lastFailureAt!: Date;
  /** Until then every password log-in for the address is refused unchecked. */
  @Column('timestamptz', { nullable: true }) blockedUntil!: Date | null;
}
