import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A nonce the api issued for an eID log-in (Web eID style): single use, short-lived. Only its HMAC is stored, so a
 * copy of the database cannot be used to answer an outstanding challenge.
 */
@Entity('eid_challenge')
export class EidChallengeEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index({ unique: true }) @Column('text') nonceHash!: string;
  @Column('timestamptz') issuedAt!: Date;
  /** Old challenges are purged by this. */
  @Index() @Column('timestamptz') expiresAt!: Date;
  /** Set, once, by the log-in that consumed it. */
  @Column('timestamptz', { nullable: true }) usedAt!: Date | null;
}
