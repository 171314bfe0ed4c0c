import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An eID log-in nonce that has been used. Challenges themselves are stateless (the nonce carries its expiry and an
 * HMAC: issuing one writes nothing); a log-in inserts its nonce here, and the primary key makes a second use fail,
 * whichever api replica it reaches. Rows are purged some time after their nonce expired.
 */
@Entity('eid_used_nonce')
export class EidUsedNonceEntity {
  /** SHA-256 (hex) of the nonce's bytes. */
  @PrimaryColumn('text') nonceHash!: string;
  /** When the nonce stops being accepted anyway; old rows are purged by it. */
  @Index() @Column('timestamptz') expiresAt!: Date;
}
